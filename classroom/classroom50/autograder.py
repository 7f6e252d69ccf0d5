#!/usr/bin/env python3
"""Classroom 50 autograder for a Handshake lesson: a score per check, instead of tests.json's one
pass or fail per lesson.

Put it at CLASSROOM/autograders/ASSIGNMENT/autograder.py in your classroom50 repository and give the
assignment Node.js 22 ("runtime": {"node": "22"} in assignments.json). The runner starts it in the
student's checkout with CLASSROOM, ASSIGNMENT, SUBMISSION_TAG, COMMIT_URL, RELEASE_URL and REVIEW_URL
set; the grader's classroom50 reporter copies them into result.json. Set COURSE_DIGEST to the digest
in your course.lock.json to refuse a checkout whose grader or checks were changed.
"""
import json
import os
import subprocess
import sys

LESSON = "lesson5"
COURSE_DIGEST = ""  # e.g. "sha256:0123…" from course.lock.json; empty accepts any course


def main() -> int:
    if not os.path.isdir("node_modules"):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], check=False, timeout=600)
    # node bin/grade.mjs, not npm run grade: a student's package.json cannot change what runs.
    grade = subprocess.run(
        ["node", "bin/grade.mjs", LESSON, "--reporter", "pretty",
         "--reporter", "classroom50=result.json", "--reporter", "json=handshake-report.json"],
        check=False, timeout=600,
    )
    print(f"grader exit code: {grade.returncode}")
    if COURSE_DIGEST:
        try:
            with open("handshake-report.json", encoding="utf-8") as f:
                digest = json.load(f)["course"]["digest"]
        except (OSError, ValueError, KeyError) as err:
            print(f"::error::the grader left no report to check the course with: {err}")
            return 1
        if digest != COURSE_DIGEST:
            print(f"::error::this repository's grader or checks were changed (course {digest}, published {COURSE_DIGEST})")
            return 1
    # Without result.json the runner records an error result, which is right: the grader failed.
    return 0


if __name__ == "__main__":
    sys.exit(main())
