"""Write ``models/text/MODEL_CARD.md`` from the fitted model and its test-split metrics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kidsafe.taxonomy import CATEGORY_NAMES
from kidsafe.text.model import TextModel
from kidsafe.training import clean_templates, identity_templates
from kidsafe.training.data import LICENCES

INTENDED_USE = """\
## Intended use

First-line triage of chat messages, comments and posts on services used by children, in French and
English: every message gets a calibrated score per category, flags at the thresholds below, a severity and
evidence spans. Flags are meant to route content to age-aware policy and to human review, not to punish
users automatically. Scores of unknown languages are produced from language-independent signals and are
less reliable.

## Limits

* Training data is mostly tweets, Formspring Q&A and Reddit written by adults; children's private
  messaging is under-represented, French even more so (French labels exist for hate/harassment only).
  Detection on other sources is expected to be lower than on the test splits below.
* `sexual`, `sexual_minors`, `violence` and `self_harm` are learnt from a few hundred OpenAI-moderation
  samples plus the hand-written lexicon signals; their test figures rest on few positives.
* `grooming` at message level is learnt from the predator vs decoy sides of Perverted-Justice chats
  (label by role, not by message) plus rule scores; single messages are weak evidence, the conversation
  model (issue: conversations) should be preferred for decisions.
* `sextortion` and `personal_info` have no labelled data: their scores are text-rules' rule scores.
* Labels differ between sources (e.g. OLID "offensive" vs Davidson "offensive language"); the model
  inherits their biases (e.g. dialect and reclaimed-slur false positives documented for Davidson).
* Negation, counter-speech, self-identification and quoting cues lower hate/harassment scores; clever
  rewording can still fool a linear model.
"""


def _fmt(v: float) -> str:
    return f"{v:.3f}"


def _beta_note(betas: dict[str, float]) -> str:
    """"(F0.5 for `profanity`: ...) " when some categories weigh precision more, else ""."""
    if not betas:
        return ""
    named = ", ".join(f"F{b:g} for `{c}`" for c, b in sorted(betas.items()))
    return (f"({named}: its calibration rows are three quarters bad language, where F1 flagged ordinary "
            "messages; `THRESHOLD_BETA` in `kidsafe.training.text_model`) ")


def _smoothing_note(windows: dict[str, float]) -> str:
    """" For `profanity` (±0.05) the F curve is first averaged ..." when some categories smooth it, else ""."""
    named = ", ".join(f"`{c}` (±{w:g})" for c, w in sorted(windows.items()))
    reason = "because it is flat and its raw argmax swung from one retrain to the next (`THRESHOLD_SMOOTHING`)."
    if not named:
        return ""
    return f" For {named} the F curve is first averaged over cuts within that distance in score, {reason}"


def render(model: TextModel, metrics: list[dict[str, Any]]) -> str:
    lines = ["# kidsafe text model — model card", "",
             "Rebuilt by `kidsafe train` (or `python -m kidsafe.training`) from `../shared/data`; "
             "same data → same weights and thresholds (fixed seed, fixed row order).", "",
             "## Model", "",
             f"Features: hashed word 1–2-grams (2^{model.spec.word_bits}) and character 2–4-grams "
             f"(2^{model.spec.char_bits}) of the evasion-normalised text, plus {len(model.spec.lexicon)} "
             "language-independent lexicon signals from `kidsafe.text.lexicon` (×"
             f"{model.spec.lexicon_scale}). One L2 logistic regression per category "
             f"(liblinear, C={model.meta.get('C')}), Platt-calibrated; the threshold maximises F1 "
             f"{_beta_note(model.meta.get('threshold_beta', {}))}of the final "
             "score (model, rules and context combined as shipped) on the calibration rows, among thresholds "
             f"with precision ≥ {model.meta.get('precision_floor', 0)} (its one-sided 95 % Wilson lower bound "
             "when the model says `precision_confidence_z`, so a handful of calibration flags cannot set a low "
             f"threshold).{_smoothing_note(model.meta.get('threshold_smoothing', {}))} Artefact: `model.json` + "
             "`weights.npz` "
             "(float16 weights, no pickle).", "",
             "To generalise beyond the training sources: while fitting, each row also carries a one-hot "
             "indicator of its data set (it absorbs each set's own base rate; the indicators are dropped from "
             "the shipped model, which keeps the prior of the most everyday set); `grooming` also learns from "
             "weak negatives (messages of the other shippable "
             "sets: tweets, Q&A and Reddit posts are not an adult grooming a child) and never from the "
             "lexicon's own grooming cues (the rules carry them); `profanity` learns French from MLMA-fr "
             "(\"offensive\"/\"abusive\" 1, \"normal\" 0: the same annotation as OLID's OFF/NOT) and never "
             "from the lexicon's suicide, contact or counter-speech cues (talking about suicide is not bad "
             "language); no model learns the writer's stated adult age (\"i'm 25\") or words sexual only in "
             "context (underwear, \"fesses\", \"queue\"), which only escalate a grooming cue in the rules; "
             "Davidson tweets "
             "are learnt from their annotators' votes (soft labels: a tweet 2 of 3 annotators called hateful is a "
             "2/3-weighted positive and a 1/3-weighted negative) for `hate` and `profanity`, while calibration, "
             "thresholds and the metrics below use the published majority labels; `hate` and `profanity` also learn "
             f"from {len(identity_templates.sentences())} neutral sentences written for kidsafe that name identity "
             "groups (\"my neighbour is muslim\", \"les migrants ont les mêmes droits\": hate 0, profanity 0, "
             "`kidsafe.training.identity_templates`), so that a group's name alone does not read as hate or "
             "bad language; `profanity` also learns from "
             f"{len(clean_templates.sentences())} everyday sentences with no bad word (\"she forgot the keys "
             "again\", \"he is not a liar\", \"t'es menteuse\": profanity 0, `kidsafe.training.clean_templates`), "
             "so that name-calling and \"she\" alone do not read as bad language. "
             "The categories fitted on a few hundred OpenAI-moderation rows (`sexual`, `sexual_minors`, "
             "`violence`, `self_harm`), and `hate` (better on its dev splits so), read only the lexicon "
             "signals that belong to them (`LEXICON_INPUTS` in "
             "`kidsafe.training.text_model`, recorded in `model.json`): with every signal, 226 rows taught "
             "`sexual` that body-shaming is sexual.", "",
             "## Training sets", "", "| set | licence | used for |", "|---|---|---|"]
    used: dict[str, list[str]] = {}
    for c in CATEGORY_NAMES:
        for s in model.categories[c].sources:
            used.setdefault(s, []).append(c)
    for s in sorted(used):
        lines.append(f"| {s} | {LICENCES.get(s, 'see shared/data/README.md')} | {', '.join(used[s])} |")
    lines += ["", "Not trained on: `cyberagression_large_fr` (CC BY-NC, evaluation only), `safecity_en` "
              "(research only, no labels), `tweeteval_offensive` (the same tweets as OLID); `tweeteval_hate` "
              "is evaluation-only for `hate` (HatEval's positives are mostly misogynist insults, gender-based "
              "harassment in this taxonomy, and fitting on it lowered the other sources' dev ROC-AUC).", "",
              "## Categories and thresholds", "",
              "The calibration F1 is measured as the threshold was chosen: with each row's data-set indicator. "
              "\"as shipped\" is the same rows scored without it, as the shipped model scores every text (as if "
              "from the most everyday set): on sets with a high rate of positives (MLMA, Davidson, OLID) it flags "
              "far fewer, which is what a lower number there means (`grooming`'s rows are Perverted-Justice chat "
              "lines labelled by chat side, half predator: one line rarely shows grooming by itself; the "
              "conversation model scores whole conversations). The test-split metrics below are all as shipped.", "",
              "| category | score from | threshold | train rows (pos) | calibration |", "|---|---|---|---|---|"]
    for c in CATEGORY_NAMES:
        cm = model.categories[c]
        info = cm.info
        rows = f"{info['train_rows']} ({info['train_positives']})" if "train_rows" in info else "–"
        cal = (f"{info['calibration']}, {info['calibration_rows']} rows, F1 {info['calibration_f1']}"
               if "calibration" in info else "–")
        if "calibration_f1_as_shipped" in info:
            cal += f" ({info['calibration_f1_as_shipped']} as shipped)"
        lines.append(f"| {c} | {cm.kind} | {cm.threshold:.4f} | {rows} | {cal} |")
    lines += ["", "## Metrics per shared test split", "",
              "Scores as shipped (model, rules, context cues). F1 at the shipped threshold. "
              "`in training` = the set's train split was used to fit this category.", "",
              "| set | category | n | positives | ROC-AUC | AP | F1 | in training |",
              "|---|---|---|---|---|---|---|---|"]
    for m in metrics:
        lines.append(f"| {m['set']} | {m['category']} | {m['n']} | {m['positives']} | {_fmt(m['roc_auc'])} | "
                     f"{_fmt(m['average_precision'])} | {_fmt(m['f1'])} | {'yes' if m['trained_on_set'] else 'no'} |")
    lines += ["", INTENDED_USE]
    return "\n".join(lines)


def write_model_card(text_dir: Path, model: TextModel, metrics: list[dict[str, Any]]) -> None:
    (text_dir / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    (text_dir / "MODEL_CARD.md").write_text(render(model, metrics), encoding="utf-8")
