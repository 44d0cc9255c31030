"""The publisher (content/publisher.yaml) on the page, the question page and the privacy page; footer links,
favicon and logo; the committed artwork is current."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml
from lxml import html

from skill.build.artwork import ARTWORK, check_artwork
from skill.content.publisher import PublisherError, load_publisher, parse_publisher
from skill.settings import CONTENT_DIR, PROJECT_ROOT
from tests.helpers import web_app


@pytest.fixture(scope="module")
def client():
    return web_app(PROJECT_ROOT / "audio").test_client()


@pytest.mark.parametrize("path", ["/", "/vraag?q=tillen", "/vraag?q=fiets", "/privacy"])
def test_publisher_and_edition_appear(client, path):
    publisher = load_publisher()
    page = html.fromstring(client.get(path).data)
    body = " ".join(page.text_content().split())
    for value in (publisher.name, publisher.address, publisher.phone, publisher.email):
        assert value in body, (path, value)
    assert page.xpath(f"//a[@href='{publisher.website}']") and page.xpath(f"//a[@href='{publisher.phone_uri}']")
    assert publisher.version in body and publisher.dutch_date in body
    assert page.xpath(f"//time[@datetime='{publisher.date.isoformat()}']")
    assert page.xpath("//link[@rel='icon']/@href") == ["/favicon.ico"]


@pytest.mark.parametrize("path", ["/", "/vraag?q=tillen"])
def test_footer_links_to_privacy_and_terms_and_they_are_served(client, path):
    footer = html.fromstring(client.get(path).data).xpath("//footer")[0]
    links = footer.xpath(".//a/@href")
    assert "/privacy" in links and "/voorwaarden" in links
    assert all(client.get(link).status_code == 200 for link in ("/privacy", "/voorwaarden"))


def test_favicon_and_logo_are_served(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO header
    logo = client.get("/logo")
    assert logo.status_code == 200 and logo.mimetype == "image/svg+xml" and b"<svg" in logo.data
    page = html.fromstring(client.get("/").data)
    assert page.xpath("//header//img[@src='/logo'][@alt='']"), "decorative: the practice's name is beside it"


def good():
    return yaml.safe_load((CONTENT_DIR / "publisher.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("change, message", [
    (lambda d: d["edition"].update(date=dt.date.today() + dt.timedelta(days=1)), "future"),
    (lambda d: d["edition"].update(date="gisteren"), "edition.date"),
    (lambda d: d["practice"].update(email="geen adres"), "email"),
    (lambda d: d["practice"].update(website="www.zonder-schema.nl"), "website"),
    (lambda d: d["practice"].update(logo="../leaflet.yaml"), "logo"),
    (lambda d: d["practice"].pop("name"), "name"),
    (lambda d: d.pop("edition"), "edition"),
])
def test_publisher_file_is_checked(change, message):
    data = good()
    change(data)
    with pytest.raises(PublisherError, match=message):
        parse_publisher(data, CONTENT_DIR)


def test_a_content_dir_without_publisher_uses_the_repositorys(tmp_path):
    shutil.copy(CONTENT_DIR / "leaflet.yaml", tmp_path / "leaflet.yaml")
    assert load_publisher(tmp_path) == load_publisher()


def test_committed_artwork_is_current_and_goes_stale_when_the_practice_changes(leaflet):
    assert ARTWORK.is_file() and check_artwork(leaflet, load_publisher()) == []
    data = good()
    data["practice"]["name"] = "Een andere praktijk"
    other = parse_publisher(data, CONTENT_DIR)
    assert "stale" in check_artwork(leaflet, other)[0]
