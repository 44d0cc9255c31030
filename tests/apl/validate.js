// Validates APL documents with Amazon's apl-suggester; prints one JSON array of findings per file and
// exits 1 when any document has a finding. Usage: node tests/apl/validate.js FILE...
const { StaticAplTemplateValidator } = require("apl-suggester");
const fs = require("fs");

async function main(files) {
  const validator = new StaticAplTemplateValidator();
  const report = {};
  for (const file of files) {
    const document = JSON.parse(fs.readFileSync(file, "utf8"));
    const results = await validator.validate(document);
    report[file] = results.map((r) => ({ path: r.path, error: r.errorMessage, level: r.level }));
  }
  process.stdout.write(JSON.stringify(report) + "\n");
  process.exit(Object.values(report).some((found) => found.length) ? 1 : 0);
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(String(err && err.stack || err) + "\n");
  process.exit(2);
});
