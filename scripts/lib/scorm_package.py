#!/usr/bin/env python3
"""Writes ThreadLab's SCORM packages (scripts/scorm): one zip for SCORM 1.2 and one for
SCORM 2004 4th edition, each an imsmanifest.xml, the launch page (web/scorm/) with its
course.js, the LMS API wrapper, and the static site in threadlab/.

usage: scorm_package.py --site DIR --launch DIR --wrapper FILE --levels FILE --out DIR
                        [--title TEXT] LEVEL...
--levels is `threadlab levels` output: id, chapter, title and goal, tab-separated."""
import argparse
import hashlib
import json
import pathlib
import sys
import zipfile
from xml.sax.saxutils import escape, quoteattr

MAX_LEVELS = 50       # a course of more levels is several packages
MAX_TITLE = 200       # characters of the course title
LAUNCH_FILES = ("launch.html", "launch.css", "launch.js")

MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier={identifier} version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
"""

# The course: one item, the launch page, with every file of the package.
ORGANIZATION = """  <organizations default="threadlab">
    <organization identifier="threadlab">
      <title>{title}</title>
      <item identifier="levels" identifierref="launch">
        <title>{title}</title>{mastery}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="launch" type="webcontent" adlcp:{scorm_type}="sco" href="launch.html">
{files}
    </resource>
  </resources>
</manifest>
"""

MANIFEST_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier={identifier} version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
"""


def fail(message):
    print(f"scorm: {message}", file=sys.stderr)
    sys.exit(2)


def read_levels(path):
    """{id: title} from `threadlab levels`."""
    levels = {}
    for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 3:
            levels[fields[0]] = fields[2]
    return levels


def package_files(args, course):
    """(name in the zip, bytes) of every file but the manifest."""
    files = [(name, (args.launch / name).read_bytes()) for name in LAUNCH_FILES]
    files.append(("scorm-wrapper.js", args.wrapper.read_bytes()))
    files.append(("course.js", ("window.threadlabCourse = " + json.dumps(course, indent=2) + ";\n").encode()))
    for path in sorted(args.site.rglob("*")):
        if path.is_file():
            files.append(("threadlab/" + path.relative_to(args.site).as_posix(), path.read_bytes()))
    return files


def write_zip(path, manifest, files):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("imsmanifest.xml", manifest)
        for name, data in files:
            archive.writestr(name, data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=pathlib.Path, required=True)
    parser.add_argument("--launch", type=pathlib.Path, required=True)
    parser.add_argument("--wrapper", type=pathlib.Path, required=True)
    parser.add_argument("--levels", required=True)
    parser.add_argument("--out", type=pathlib.Path, required=True)
    parser.add_argument("--title", default="")
    parser.add_argument("level", nargs="*")
    args = parser.parse_args()

    known = read_levels(args.levels)
    if not args.level:
        fail("name the levels to grade, e.g. scripts/scorm lose-an-update (levels: " + ", ".join(known) + ")")
    if len(args.level) > MAX_LEVELS:
        fail(f"{len(args.level)} levels: a package holds at most {MAX_LEVELS}")
    for level in args.level:
        if level not in known:
            fail(f"unknown level '{level[:60]}' (levels: " + ", ".join(known) + ")")
    if len(set(args.level)) != len(args.level):
        fail("a level is named twice")
    title = args.title or "ThreadLab: " + ", ".join(known[level] for level in args.level)
    if len(title) > MAX_TITLE:
        fail(f"the title is {len(title)} characters long, more than {MAX_TITLE}")
    if not (args.site / "index.html").is_file():
        fail(f"no site in {args.site} (scripts/site builds it)")

    course = {"title": title, "levels": [{"id": level, "title": known[level]} for level in args.level]}
    files = package_files(args, course)
    listed = "\n".join(f"      <file href={quoteattr(name)}/>" for name, _ in files)
    identifier = quoteattr("threadlab-" + hashlib.sha1(",".join(args.level).encode()).hexdigest()[:12])
    args.out.mkdir(parents=True, exist_ok=True)
    versions = (("scorm12", MANIFEST_12, "\n        <adlcp:masteryscore>100</adlcp:masteryscore>", "scormtype"),
                ("scorm2004", MANIFEST_2004, "", "scormType"))
    for version, template, mastery, scorm_type in versions:
        path = args.out / f"threadlab-{version}.zip"
        body = ORGANIZATION.format(title=escape(title), files=listed, mastery=mastery, scorm_type=scorm_type)
        write_zip(path, template.format(identifier=identifier) + body, files)
        print(f"scorm: wrote {path} ({path.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
