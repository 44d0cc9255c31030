"""The leaflet web page through the Flask test client: structure, full text from content/, working audio links,
and nothing essential that needs JavaScript."""

from __future__ import annotations

from urllib.parse import urlsplit

import lxml.html
import pytest

from skill.content.audio_manifest import load_manifest
from skill.content.leaflet import load_leaflet

DISCLAIMER = load_leaflet().prompts.disclaimer
from skill.content.text import normalize_ws
from skill.web.pages import dutch_duration, dutch_size, iso_duration, outline
from tests.helpers import make_audio_dir, web_app

MISSING = "werk"  # a section left without audio in these tests


@pytest.fixture
def audio_dir(tmp_path, leaflet):
    return make_audio_dir(tmp_path / "audio", leaflet, missing=(MISSING,))


@pytest.fixture
def client(audio_dir):
    return web_app(audio_dir).test_client()


@pytest.fixture
def page(client):
    resp = client.get("/")
    assert resp.status_code == 200 and resp.mimetype == "text/html" and resp.mimetype_params.get("charset") == "utf-8"
    return lxml.html.document_fromstring(resp.get_data(as_text=True))


def text_of(element) -> str:
    return normalize_ws(element.text_content())


def test_page_is_dutch_with_one_h1_and_landmarks(page, leaflet):
    assert page.get("lang") == "nl"
    assert [text_of(h) for h in page.xpath("//h1")] == [leaflet.title]
    assert leaflet.title in page.findtext(".//title")
    for landmark in ("header", "nav", "main", "footer"):
        assert len(page.xpath(f"/html/body/{landmark}")) == 1, landmark
    assert page.xpath("//meta[@name='viewport']/@content") == ["width=device-width, initial-scale=1"]


def test_skip_link_is_first_and_targets_main(page):
    first = page.xpath("/html/body//*[self::a[@href] or self::button or self::audio or self::input]")[0]
    assert "skip-link" in first.get("class")
    target = first.get("href")
    assert target.startswith("#") and page.get_element_by_id(target[1:]).tag == "main"


def test_every_section_in_reading_order_with_its_full_text(page, leaflet):
    rendered = page.xpath("//main//section[contains(@class, 'leaflet-section')]")
    assert [s.get("id") for s in rendered] == list(leaflet.ids)
    for element, section in zip(rendered, leaflet.sections):
        heading = element.xpath("./h2 | ./h3")[0]
        assert text_of(heading) == section.title
        blocks = element.xpath("./p[not(@class)] | ./ul")
        assert len(blocks) == len(section.blocks), section.id
        for node, block in zip(blocks, section.blocks):
            if block.kind == "list":
                assert node.tag == "ul" and [text_of(li) for li in node.xpath("./li")] == list(block.items)
            else:
                assert node.tag == "p" and text_of(node) == block.items[0]


def test_group_is_an_h2_with_h3_sections_and_the_rest_are_h2(page, leaflet):
    for part in outline(leaflet):
        if part.group is None:
            for section in part.sections:
                assert page.get_element_by_id(section.id).xpath("./*[1]")[0].tag == "h2"
            continue
        group = page.get_element_by_id(f"groep-{part.group.id}")
        assert text_of(group.xpath("./h2")[0]) == part.group.title
        assert [s.get("id") for s in group.xpath("./section")] == [s.id for s in part.sections]
        assert all(s.xpath("./*[1]")[0].tag == "h3" for s in group.xpath("./section"))
    assert any(part.group for part in outline(leaflet)), "content/ has a group; the page must show it"


def test_table_of_contents_links_every_section_in_order(page, leaflet):
    links = [a.get("href") for a in page.xpath("//nav//a[@href]")]
    section_links = [href[1:] for href in links if href[1:] in leaflet.ids]
    assert section_links == list(leaflet.ids)
    for href in links:
        assert href.startswith("#") and page.get_element_by_id(href[1:]) is not None


def test_players_and_downloads_resolve_to_the_mp3s(client, page, leaflet, audio_dir):
    manifest = load_manifest(audio_dir)
    for section in leaflet.sections:
        element = page.get_element_by_id(section.id)
        track = manifest.get(section.id)
        players = element.xpath(".//audio")
        if track is None:
            assert players == [] and "geen geluidsopname" in text_of(element)
            continue
        (player,) = players
        assert player.get("controls") is not None and player.get("preload") == "none"
        src = player.get("src")
        assert urlsplit(src).path == f"/audio/{track.file}" and urlsplit(src).query == f"v={track.content_hash[:12]}"
        label = page.get_element_by_id(player.get("aria-labelledby"))
        assert section.title in text_of(label) and dutch_duration(track.duration) in text_of(label)
        (download,) = element.xpath(".//p[@class='download']/a")
        assert download.get("href") == src and download.get("download") == track.file
        assert text_of(download) == (f"Download ‘{section.title}’ "
                                     f"(MP3, {dutch_size(track.size)}, {dutch_duration(track.duration)})")
        resp = client.get(src)
        assert resp.status_code == 200 and resp.mimetype == "audio/mpeg"
        assert resp.data == (audio_dir / track.file).read_bytes()


def test_no_essential_content_depends_on_javascript(client, page, leaflet):
    scripts = page.xpath("//script")
    assert scripts and all(s.get("src") and not (s.text or "").strip() for s in scripts), "no inline script"
    assert page.xpath("//*[@style]") == [] and page.xpath("//style") == [], "no inline style"
    assert not [a for el in page.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")]
    # "Play all" works as a plain link to the playlist; the JS-only button starts hidden.
    playlist = page.xpath("//main//a[@href='/folder.m3u']")
    assert playlist and "Alles afspelen" in text_of(playlist[0])
    assert page.xpath("//main//a[@href='/podcast.xml']")
    for button in page.xpath("//button[not(ancestor::form)]"):
        assert button.get("hidden") is not None, "buttons outside forms exist only for the JS enhancement"
    # the question field is a plain GET form to /vraag (no script needed)
    (form,) = page.xpath("//form[@role='search']")
    assert form.get("method") == "get" and form.get("action").split("#")[0] == "/vraag"
    assert form.xpath(".//input[@name='q']") and form.xpath(".//button[@type='submit']")
    # the assets the page refers to are served
    for url in page.xpath("//script/@src | //link[@rel='stylesheet']/@href | //link[@rel='alternate']/@href"
                          " | //link[@rel='icon']/@href | //img/@src | //track/@src"):
        assert client.get(url).status_code == 200, url


def test_notice_that_advice_does_not_replace_a_professional(page):
    notice = page.xpath("//main//*[contains(@class, 'notice')]")
    assert notice and text_of(notice[0]) == DISCLAIMER
    assert "fysiotherapeut" in DISCLAIMER and "huisarts" in DISCLAIMER


def test_play_all_summary_counts_recorded_sections(page, audio_dir):
    manifest = load_manifest(audio_dir)
    block = page.xpath("//section[contains(@class, 'listen-all')]")[0]
    assert f"{len(manifest.tracks)} onderdelen" in text_of(block)
    assert dutch_duration(manifest.total_duration) in text_of(block)


def test_page_without_any_audio_says_so(tmp_path, leaflet):
    empty = tmp_path / "no-audio"
    empty.mkdir()
    page = lxml.html.document_fromstring(web_app(empty).test_client().get("/").get_data(as_text=True))
    assert page.xpath("//audio") == [] and page.xpath("//a[@href='/folder.m3u']") == []
    assert len(page.xpath("//*[contains(@class, 'no-audio')]")) == len(leaflet.sections)
    assert "nog geen geluidsopnamen" in text_of(page.xpath("//section[contains(@class, 'listen-all')]")[0])


@pytest.mark.parametrize("seconds, expected", [(0, "0 s"), (45.4, "45 s"), (125, "2 min 5 s"), (120, "2 min 0 s"),
                                               (3725, "1 uur 2 min 5 s")])
def test_dutch_duration(seconds, expected):
    assert dutch_duration(seconds) == expected


@pytest.mark.parametrize("seconds, expected", [(0, "PT0S"), (125, "PT2M5S"), (3725, "PT1H2M5S")])
def test_iso_duration(seconds, expected):
    assert iso_duration(seconds) == expected


@pytest.mark.parametrize("size, expected", [(1_234_567, "1,2 MB"), (1_000_000, "1,0 MB"), (469_440, "469 kB"),
                                            (300, "1 kB")])
def test_dutch_size(size, expected):
    assert dutch_size(size) == expected
