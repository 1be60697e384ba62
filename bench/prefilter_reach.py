"""How much a cheap sentence prefilter could save, and what it would lose, before building one.

The idea (issue 3): parse only the sentences that can hold an event: those with a trigger
candidate (a word form of a verb the CAMEO dictionary codes, or an event noun) and an actor-like
token (a capitalised word other than a sentence-initial stop word, an agent noun the knowledge
base knows, or a pronoun coreference may resolve), plus the sentence before each (coreference
and dates look back). This runs the full pipeline once on one process, then applies the rule to
the parser's own sentences and prints the share of tokens that would still be parsed and the
events whose sentence the rule drops (a lower bound on the loss: context lost by coreference,
dates and places is not counted).

    .venv/bin/python bench/prefilter_reach.py --articles 400
"""

import argparse

from _corpus import wikinews_articles

PRONOUNS = {"he", "him", "his", "she", "her", "they", "them", "their", "it", "its", "we", "our"}


def codeable_forms(verbs) -> set[str]:
    """Word forms of dictionary verbs that can code an event (bare or through a pattern)."""
    forms = set()
    for key, entries in verbs._by_key.items():
        for verb in entries:
            if (not verb.code.null and (verb.code.active or verb.code.passive)) or any(
                not p.code.null for _, p in verbs._by_block.get(verb.block, ())
            ):
                forms.add(key)
                break
    return forms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=400)
    args = parser.parse_args()

    from spacy.lang.en.stop_words import STOP_WORDS

    from dyadwire.clean import clean
    from dyadwire.engine import events_from_doc
    from dyadwire.nlp import extensions  # noqa: F401
    from dyadwire.nlp.pipeline import load
    from dyadwire.ontology.nominals import nominal_codes

    articles = wikinews_articles(args.articles)
    nlp = load()
    events_pipe = nlp.get_pipe("dyadwire_events")
    triggers = codeable_forms(events_pipe.verbs) | {k.split()[-1] for k in nominal_codes()}
    agents = {a for a in nlp.get_pipe("dyadwire_actors").kb._agents if " " not in a}

    def actor_like(tokens, pronouns: bool) -> bool:
        for i, t in enumerate(tokens):
            low = t.lower_
            if t.is_alpha and t.text[0].isupper() and (i > 0 or low not in STOP_WORDS):
                return True
            if low in agents or (pronouns and low in PRONOUNS):
                return True
        return False

    rules = {"trigger": lambda toks: any(t.lower_ in triggers for t in toks),
             "trigger+actor": lambda toks: any(t.lower_ in triggers for t in toks) and actor_like(toks, True),
             "trigger+actor, no pronouns": lambda toks: any(t.lower_ in triggers for t in toks) and actor_like(toks, False)}
    n_tokens = n_events = n_sents = n_event_sents = 0
    kept = dict.fromkeys(rules, 0)
    kept_ctx = dict.fromkeys(rules, 0)
    lost = dict.fromkeys(rules, 0)

    def parsed():
        for article in articles:
            cleaned = clean(article.text)
            doc = nlp.make_doc(cleaned.text)
            doc._.dw_article_date = article.date.isoformat() if article.date else None
            yield doc, (article, cleaned)

    for doc, (article, cleaned) in nlp.pipe(parsed(), as_tuples=True, batch_size=16):
        per_sentence: dict[tuple[int, int], int] = {}
        for event in events_from_doc(doc, article, cleaned):
            per_sentence[tuple(event.span)] = per_sentence.get(tuple(event.span), 0) + 1
        sents = [(s.start_char, s.end_char) for s in doc.sents]
        rows = []
        for start, end in sents:
            span = doc.char_span(start, end, alignment_mode="expand")
            toks = [t for t in span if not t.is_space]
            events = per_sentence.get((start, end), 0)
            n_tokens += len(toks)
            n_events += events
            n_sents += 1
            n_event_sents += events > 0
            rows.append((len(toks), events, {name: rule(toks) for name, rule in rules.items()}))
        for name in rules:
            keep = [r[2][name] for r in rows]
            for i, (size, events, _) in enumerate(rows):
                kept[name] += size * keep[i]
                lost[name] += 0 if keep[i] else events
                kept_ctx[name] += size * (keep[i] or (i + 1 < len(keep) and keep[i + 1]))
    print(f"{len(articles)} Wikinews articles: {n_sents} sentences, {n_event_sents} with events, {n_events} events")
    for name in rules:
        print(f"  {name:28s} tokens parsed {kept[name] / n_tokens:6.1%} (with the sentence before: "
              f"{kept_ctx[name] / n_tokens:6.1%}); events in dropped sentences {lost[name]} "
              f"({lost[name] / max(1, n_events):.2%})")


if __name__ == "__main__":
    main()
