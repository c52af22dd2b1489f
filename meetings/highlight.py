"""An article's text with what was extracted from it marked up, like displaCy.

Every piece of the body is escaped; only our own tags are added. Each evidence
sentence gets an ``id`` (``e-START-END``) so a meeting page can link to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from meetings.models import Article


def evidence_anchor(start: int, end: int) -> str:
    return f"e-{start}-{end}"


@dataclass
class _Sentence:
    start: int
    end: int
    links: list[SafeString] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)


def highlighted_body(article: Article) -> SafeString:
    """The body as HTML, with evidence sentences, mentions and their links."""
    body = article.body
    sentences: dict[tuple[int, int], _Sentence] = {}

    def sentence(start: int, end: int) -> _Sentence:
        start, end = max(0, start), min(len(body), end)
        return sentences.setdefault((start, end), _Sentence(start, end))

    for source in article.meeting_sources.all():
        meeting = source.meeting
        for start, end in source.evidence:
            item = sentence(start, end)
            item.kinds.add("meeting")
            item.links.append(format_html(
                '<a class="tag tag-meeting" href="{}">{}</a>', meeting.get_absolute_url(),
                meeting.get_kind_display()))
    for statement in article.statements.all():
        item = sentence(statement.evidence_start, statement.evidence_end)
        item.kinds.add("statement")
        who = statement.speaker_name or "statement"
        link = statement.speaker.get_absolute_url() if statement.speaker_id else None
        item.links.append(
            format_html('<a class="tag tag-statement" href="{}">said: {}</a>', link, who)
            if link else format_html('<span class="tag tag-statement">said: {}</span>', who))
    for topic_link in article.topic_links.all():
        for start, end in topic_link.evidence:
            item = sentence(start, end)
            item.kinds.add("topic")
            item.links.append(format_html('<a class="tag tag-topic" href="{}">{}</a>',
                                          topic_link.topic.get_absolute_url(),
                                          topic_link.topic.name))
    mentions: dict[int, tuple[int, str, str]] = {}
    for mention in article.mentions.all():
        for start, end in mention.spans:
            if 0 <= start < end <= len(body):
                mentions[start] = (end, mention.official.get_absolute_url(),
                                   mention.official.name)

    ordered = []
    last_end = -1
    for key in sorted(sentences):
        if key[0] >= last_end:  # overlapping sentences keep the first
            ordered.append(sentences[key])
            last_end = key[1]

    def inline(start: int, end: int) -> str:
        out, pos = [], start
        for m_start in sorted(k for k in mentions if start <= k < end):
            m_end, url, name = mentions[m_start]
            if m_start < pos or m_end > end:
                continue
            out.append(escape(body[pos:m_start]))
            out.append(format_html('<a class="mention" href="{}" title="{}">{}</a>', url, name,
                                   body[m_start:m_end]))
            pos = m_end
        out.append(escape(body[pos:end]))
        return "".join(out)

    html, pos = [], 0
    for item in ordered:
        html.append(inline(pos, item.start))
        kinds = " ".join(f"ev-{k}" for k in sorted(item.kinds))
        links = "".join(dict.fromkeys(item.links))
        html.append(format_html('<mark class="ev {}" id="{}">', kinds,
                                evidence_anchor(item.start, item.end)))
        html.append(inline(item.start, item.end))
        html.append(f'</mark><span class="ev-links">{links}</span>')
        pos = item.end
    html.append(inline(pos, len(body)))
    return mark_safe("".join(html))  # noqa: S308 - every text piece above is escaped

