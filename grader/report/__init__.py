"""Views of a Report and of a class: terminal text, JUnit XML, Gradescope JSON, the CSV gradebook, LMS
exports (Canvas, Moodle) and the HTML class report, student and similarity pages."""
