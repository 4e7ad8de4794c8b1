"""Jinja2 templates of the HTML views (class report, student page, histogram), autoescaped.

Kept as strings in a module rather than package data, so they travel with the code wherever
the package is installed. Every value is escaped by Jinja2 (students' exceptions reach the
messages); nothing here emits a script, and the Content-Security-Policy forbids one anyway.
"""

from __future__ import annotations

import re

from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup, escape

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

BASE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<title>{{ title }}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:78em;color:#222;line-height:1.35}
table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}
th{background:#f4f4f4}.num{text-align:right;white-space:nowrap}
.passed{color:#1a7f37}.failed,.error,.timeout{color:#b42318}.not_attempted{color:#777}
.manual{font-style:italic}svg text{font-size:11px;fill:#333}h2{margin-top:1.6em}
.bar{display:inline-block;width:10em;height:.8em;background:#f1d4d2;vertical-align:middle}
.bar>span{display:block;height:100%;background:#1a7f37}
.cause{margin:.2em 0 .8em}.cause blockquote{margin:.2em 0 .2em 1em;padding-left:.6em;border-left:3px solid #ccc}
.who a{margin-right:.4em}.summary{font-size:1.05em}dl.identity{display:grid;grid-template-columns:max-content auto;
gap:0 1em;margin:.5em 0 1em;font-size:.85em}dl.identity dt{color:#555}dl.identity dd{margin:0;font-family:monospace}
nav.files a{margin-right:1em}td.status{white-space:nowrap}.weeks li{margin:.2em 0}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:1em}
.sides pre{background:#f7f7f7;border:1px solid #ddd;padding:.4em;white-space:pre-wrap;overflow-wrap:anywhere;
font-size:.85em;margin:.3em 0}mark.match{background:#ffe08a}.note{color:#555}
</style></head>
<body>
{% block body %}{% endblock %}
</body></html>
"""

HISTOGRAM = """<svg class="histogram" role="img" aria-label="{{ label }}" width="{{ width }}" height="{{ height }}" \
viewBox="0 0 {{ width }} {{ height }}" xmlns="http://www.w3.org/2000/svg">
<line class="x-axis" x1="{{ left }}" y1="{{ base }}" x2="{{ right }}" y2="{{ base }}" stroke="#555"/>
<line class="y-axis" x1="{{ left }}" y1="{{ top }}" x2="{{ left }}" y2="{{ base }}" stroke="#555"/>
{% for t in yticks %}<line x1="{{ left - 4 }}" y1="{{ t.y }}" x2="{{ right }}" y2="{{ t.y }}" stroke="#e5e5e5"/>\
<text class="ytick" x="{{ left - 6 }}" y="{{ t.y + 4 }}" text-anchor="end">{{ t.label }}</text>
{% endfor %}
{% for b in bars %}<rect x="{{ b.x }}" y="{{ b.y }}" width="{{ b.w }}" height="{{ b.h }}" fill="#4e79a7">\
<title>{{ b.title }}</title></rect>
{% endfor %}
{% for t in xticks %}<line x1="{{ t.x }}" y1="{{ base }}" x2="{{ t.x }}" y2="{{ base + 4 }}" stroke="#555"/>\
<text class="xtick" x="{{ t.x }}" y="{{ base + 16 }}" text-anchor="middle">{{ t.label }}</text>
{% endfor %}
<text class="axis-title" x="{{ (left + right) / 2 }}" y="{{ height - 3 }}" text-anchor="middle">{{ xtitle }}</text>
<text class="axis-title" transform="translate(11 {{ (top + base) / 2 }}) rotate(-90)" \
text-anchor="middle">{{ ytitle }}</text>
</svg>"""

CLASS = """{% extends "base.html" %}{% from "similar_table.html" import similar_table %}{% block body %}
<h1>{{ title }}</h1>
<p class="summary">{{ n_students }} student{{ "s" if n_students != 1 }}, {{ n_graded }} graded \
submission{{ "s" if n_graded != 1 }}, {{ n_ungraded }} could not be graded, {{ n_unplaced }} \
file{{ "s" if n_unplaced != 1 }} not placed.</p>
{% if files %}<nav class="files" aria-label="output files"><strong>Files:</strong>
{% for f in files %}<a href="{{ f.href }}" title="{{ f.what }}">{{ f.label }}</a>{% endfor %}</nav>{% endif %}
<nav aria-label="sections"><p>{% for w in weeks %}<a href="#week{{ '%02d' % w.week }}">Week {{ w.week }}</a> · \
{% endfor %}<a href="#needs-help">Needs help</a> · <a href="#ungraded">Not graded</a> · \
<a href="#unplaced">Not placed</a> · <a href="#similar">Similar submissions</a> · \
<a href="#gradebook">Gradebook</a></p></nav>

<h2 id="needs-help">Needs help</h2>
{% if help.lowest or help.missing or help.errors %}
{% if help.lowest %}<h3>Lowest totals</h3><p>Below half of the points graded so far (at most {{ help.limit }}):</p>
<table class="lowest"><tr><th>student</th><th class="num">total</th>
<th class="num">of the points graded so far</th></tr>
{% for s in help.lowest %}<tr><td><a href="students/{{ s.student }}.html">{{ s.student }}</a></td>
<td class="num">{{ s.total }}</td><td class="num">{{ s.possible }}</td></tr>
{% endfor %}</table>{% endif %}
{% if help.missing %}<h3>Missing weeks</h3><p>Weeks the class has grades for but these students have none:</p>
<table class="missing"><tr><th>student</th><th>weeks missing</th></tr>
{% for s in help.missing %}<tr><td><a href="students/{{ s.student }}.html">{{ s.student }}</a></td>
<td>{{ s.weeks | join(", ") }}</td></tr>
{% endfor %}</table>{% endif %}
{% if help.errors %}<h3>Repeated errors</h3><p>Code that raised or ran out of time in {{ help.error_rule }}:</p>
<table class="repeated"><tr><th>student</th><th class="num">tasks</th><th>weeks</th></tr>
{% for s in help.errors %}<tr><td><a href="students/{{ s.student }}.html">{{ s.student }}</a></td>
<td class="num">{{ s.tasks }}</td><td>{{ s.weeks | join(", ") }}</td></tr>
{% endfor %}</table>{% endif %}
{% else %}<p>Nobody stands out.</p>{% endif %}

{% for w in weeks %}
<section class="week" id="week{{ '%02d' % w.week }}"><h2>Week {{ w.week }}: {{ w.title }}</h2>
<p>{{ w.n }} submission{{ "s" if w.n != 1 }}; mean {{ w.mean }}, median {{ w.median }} of {{ w.points }} points.</p>
{{ w.histogram }}
<table class="tasks"><tr><th>task</th><th class="num">points</th><th>passed</th><th></th>
<th class="num">mean points</th></tr>
{% for t in w.tasks %}<tr class="task" data-task="{{ t.name }}">\
<td>{% if t.causes %}<a href="#w{{ w.week }}-{{ t.name }}">{{ t.name }}</a>{% else %}{{ t.name }}{% endif %}</td>
<td class="num">{{ t.points }}</td><td class="passed-count num">{{ t.passed }} of {{ t.n }} passed</td>
<td><span class="bar" role="img" aria-label="{{ t.passed }} of {{ t.n }} passed"><span \
style="width:{{ t.share }}%"></span></span></td><td class="num">{{ t.mean }}</td></tr>
{% endfor %}</table>
{% for t in w.tasks if t.causes %}
<div class="task-causes" id="w{{ w.week }}-{{ t.name }}">
<h3>{{ t.name }}: {{ t.n - t.passed }} of {{ t.n }} did not pass</h3>
{% for c in t.causes %}<div class="cause"><span class="{{ c.status }}">{{ c.status_label }}</span>,
{{ c.students | length }} student{{ "s" if c.students | length != 1 }}:
<blockquote class="message">{{ c.text }}</blockquote>
<div class="who">Students:
{% for s in c.students %}<a href="students/{{ s }}.html#week{{ '%02d' % w.week }}">{{ s }}</a>\
{% endfor %}</div></div>
{% endfor %}{% if t.other_causes %}<p class="others">{{ t.other_causes }} other cause{{ "s" if t.other_causes != 1 }}, \
one student each: {% for s in t.other_students %}<a href="students/{{ s }}.html#week{{ '%02d' % w.week }}">{{ s }}</a>\
{{ ", " if not loop.last }}{% endfor %}</p>{% endif %}
</div>
{% endfor %}
</section>
{% endfor %}

<h2 id="ungraded">Submissions that could not be graded</h2>
{% if broken %}<table><tr><th>student</th><th>week</th><th>outcome</th><th>reason</th></tr>
{% for g in broken %}<tr><td><a href="students/{{ g.student }}.html">{{ g.student }}</a></td><td>{{ g.week }}</td>
<td class="error">{{ g.outcome }}</td><td>{{ g.reason }}</td></tr>
{% endfor %}</table>{% else %}<p>None.</p>{% endif %}

<h2 id="unplaced">Files not placed</h2>
{% if unplaced %}<table><tr><th>file</th><th>reason</th></tr>
{% for path, reason in unplaced %}<tr><td>{{ path }}</td><td>{{ reason }}</td></tr>
{% endfor %}</table>{% else %}<p>None.</p>{% endif %}

<h2 id="similar">Similar submissions</h2>
<p>{{ similar_about }}</p>
{% if similar_error %}<p class="error">{{ similar_error }}</p>{% endif %}
{{ similar_table(similar, "") }}

<h2 id="gradebook">Gradebook</h2>
<table class="gradebook"><tr><th>student</th>{% for w in book_weeks %}<th class="num">{{ w.number }}<br>\
<small>/{{ w.points }}</small></th>{% endfor %}<th class="num">total<br><small>/{{ total_points }}</small></th></tr>
{% for r in book_rows %}<tr><td><a href="students/{{ r.student }}.html">{{ r.student }}</a></td>\
{% for c in r.cells %}<td class="num{{ ' manual' if c.manual }}">{{ c.points }}</td>{% endfor %}\
<td class="num">{{ r.total }}</td></tr>
{% endfor %}</table><p><small>Italic: graded by people (imported).</small></p>
{% endblock %}"""

STUDENT = """{% extends "base.html" %}{% block body %}
<h1>Feedback for {{ student }}</h1>
<p class="summary">Total so far: <strong>{{ total }}</strong> of {{ total_points }} points.</p>
{% if weeks %}<ul class="weeks">{% for w in weeks %}<li class="week-summary"><a href="#week{{ '%02d' % w.week }}">\
Week {{ w.week }}</a>: {{ w.score }} / {{ w.max }} &mdash; {{ w.summary }}</li>
{% endfor %}</ul>{% endif %}
{% for w in weeks %}
<section class="week" id="week{{ '%02d' % w.week }}"><h2>Week {{ w.week }}: {{ w.title }} &mdash; {{ w.score }} / \
{{ w.max }}</h2>
<p class="week-line"><strong>{{ w.summary }}</strong></p>
{% if w.manual %}<p class="manual">Replaced by a grade from the teaching team: {{ w.manual }}.</p>{% endif %}
<dl class="identity">{% for label, value in w.identity %}<dt>{{ label }}</dt><dd>{{ value }}</dd>{% endfor %}</dl>
<table class="tasks"><tr><th>task</th><th class="num">points</th><th>result</th><th>what to fix</th></tr>
{% for t in w.tasks %}<tr class="task {{ t.status }}-row"><td>{{ t.name }}{% if t.summary %}<br><small \
class="what">{{ t.summary }}</small>{% endif %}</td><td class="num">{{ t.points }}</td>
<td class="{{ t.status }} status">{{ t.label }}</td><td>{{ t.message }}{% if t.hint %}<br><em>Hint: \
{{ t.hint | ticks }}</em>{% endif %}</td></tr>
{% endfor %}</table>
{% if w.errors %}<ul class="problems">{% for e in w.errors %}<li>{{ e }}</li>{% endfor %}</ul>{% endif %}
</section>
{% endfor %}
{% if manual %}<h2>Graded by the teaching team</h2>
<table><tr><th>week</th><th class="num">points</th><th>comment</th></tr>
{% for m in manual %}<tr><td>{{ m.week }}: {{ m.title }}</td><td class="num">{{ m.points }} / {{ m.max }}</td>
<td>{{ m.comment }}</td></tr>
{% endfor %}</table>{% endif %}
{% endblock %}"""

SIMILAR_TABLE = """{% macro similar_table(results, prefix) %}
{% for w in results %}<h3>Week {{ w.week }}</h3>
<p>{{ w.students }} submission{{ "s" if w.students != 1 }}, {{ w.compared }} pair{{ "s" if w.compared != 1 }} \
compared; {% if w.pairs %}{{ w.pairs | length }} pair{{ "s" if w.pairs | length != 1 }} similar enough to look at \
({{ w.threshold }} or more of the code matches, the week's template left out).{% else %}none similar enough to look at \
(highest share of matching code {{ w.highest }}, listed from {{ w.threshold }}).{% endif %}</p>
{% if w.pairs %}<table class="similar"><tr><th>students</th><th class="num">share of matching code</th>
<th class="num">matching tokens</th><th></th></tr>
{% for p in w.pairs %}<tr class="pair"><td>{{ p.a }} and {{ p.b }}</td><td class="num">{{ p.share }}</td>
<td class="num">{{ p.matched }}</td><td><a href="{{ prefix }}{{ p.href }}">side by side</a></td></tr>
{% endfor %}</table>{% endif %}
{% if w.notes %}<ul class="note">{% for n in w.notes %}<li>{{ n }}</li>{% endfor %}</ul>{% endif %}
{% endfor %}{% endmacro %}"""

SIMILARITY = """{% extends "base.html" %}{% from "similar_table.html" import similar_table %}{% block body %}
<h1>{{ title }}</h1>
<p class="summary">{{ about }}</p>
{% if results %}{{ similar_table(results, prefix) }}{% else %}<p>No submissions to compare.</p>{% endif %}
{% endblock %}"""

PAIR = """{% extends "base.html" %}{% block body %}
<h1>Week {{ week }}: {{ a }} and {{ b }}</h1>
<p class="summary verdict">Similar enough to look at: <strong>{{ share }}</strong> of their code matches \
({{ share_a }} of {{ a }}'s, {{ share_b }} of {{ b }}'s), the week's template left out. Matching code is \
highlighted.</p>
<p class="note">{{ caution }} <a href="{{ index }}similarity.html">All similar pairs</a>.</p>
<div class="sides">{% for side in sides %}<div class="side" data-student="{{ side.student }}">
<h2>{{ side.student }}</h2>
{% for cell in side.cells %}<pre class="cell" data-cell="{{ cell.number }}">{% for text, marked in cell.parts %}\
{% if marked %}<mark class="match">{{ text }}</mark>{% else %}{{ text }}{% endif %}{% endfor %}</pre>
{% endfor %}</div>{% endfor %}</div>
{% endblock %}"""


def ticks(text: str) -> Markup:
    """Escaped text with its `backticked` spans (hints use them for code) as <code>."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


ENV = Environment(
    loader=DictLoader({"base.html": BASE, "class.html": CLASS, "student.html": STUDENT, "histogram.svg": HISTOGRAM,
                       "similar_table.html": SIMILAR_TABLE, "similarity.html": SIMILARITY, "pair.html": PAIR}),
    autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True,
)
ENV.filters["ticks"] = ticks
