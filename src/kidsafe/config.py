"""Runtime settings, read from ``KIDSAFE_*`` environment variables.

Every limit the service enforces lives here, so an operator can change it without code.
Sections are grouped by capability; each setting names its environment variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _default_data_dir() -> str:
    return str(PROJECT_ROOT.parent / "shared" / "data")


def _default_database_url() -> str:
    return "sqlite:///" + str(Path(os.environ.get("KIDSAFE_HOME", PROJECT_ROOT / "var")) / "kidsafe.db")


@dataclass(frozen=True)
class Settings:
    # --- service -----------------------------------------------------------------------
    database_url: str = field(default_factory=_default_database_url)  # KIDSAFE_DATABASE_URL
    host: str = "127.0.0.1"  # KIDSAFE_HOST
    port: int = 8000  # KIDSAFE_PORT
    data_dir: str = field(default_factory=_default_data_dir)  # KIDSAFE_DATA_DIR (../shared/data)
    models_dir: str = str(PROJECT_ROOT / "models")  # KIDSAFE_MODELS_DIR
    # secret for signing console sessions and webhooks; generated and kept in the store if empty
    secret_key: str = ""  # KIDSAFE_SECRET_KEY
    # --- request limits ----------------------------------------------------------------
    max_body_bytes: int = 1_048_576  # KIDSAFE_MAX_BODY_BYTES (JSON requests; 413 above)
    max_text_chars: int = 20_000  # KIDSAFE_MAX_TEXT_CHARS (one message)
    max_batch: int = 256  # KIDSAFE_MAX_BATCH (texts or messages per request)
    # --- media -------------------------------------------------------------------------
    max_image_bytes: int = 20_971_520  # KIDSAFE_MAX_IMAGE_BYTES
    max_image_pixels: int = 40_000_000  # KIDSAFE_MAX_IMAGE_PIXELS
    pdq_min_quality: int = 50  # KIDSAFE_PDQ_MIN_QUALITY
    pdq_default_threshold: int = 31  # KIDSAFE_PDQ_DEFAULT_THRESHOLD
    image_formats: str = "JPEG,PNG,GIF,WEBP,BMP"  # KIDSAFE_IMAGE_FORMATS (decoders allowed for uploads)
    # --- privacy and retention ---------------------------------------------------------
    store_raw_text: bool = False  # KIDSAFE_STORE_RAW_TEXT (analysis results never keep text unless true)
    retention_days_analysis: int = 30  # KIDSAFE_RETENTION_DAYS_ANALYSIS
    retention_days_conversation: int = 90  # KIDSAFE_RETENTION_DAYS_CONVERSATION
    # keep the matched cue (<= 60 chars, e.g. "are your parents home") of flagged messages; false: ids + offsets only
    conversation_snippets: bool = True  # KIDSAFE_CONVERSATION_SNIPPETS
    retention_days_evidence: int = 365  # KIDSAFE_RETENTION_DAYS_EVIDENCE
    housekeeping_interval_s: float = 3600.0  # KIDSAFE_HOUSEKEEPING_INTERVAL_S (retention purges; 0 = off)
    # --- cases -------------------------------------------------------------------------
    appeal_window_days: int = 180  # KIDSAFE_APPEAL_WINDOW_DAYS (DSA Art. 20: at least six months)
    webhook_max_attempts: int = 12  # KIDSAFE_WEBHOOK_MAX_ATTEMPTS
    # --- policy and age --------------------------------------------------------------
    max_policy_bytes: int = 262_144  # KIDSAFE_MAX_POLICY_BYTES (one policy file)
    max_policy_rules: int = 500  # KIDSAFE_MAX_POLICY_RULES
    retention_days_decisions: int = 90  # KIDSAFE_RETENTION_DAYS_DECISIONS (decision records, shadow results)
    help_resources_file: str = ""  # KIDSAFE_HELP_RESOURCES_FILE (empty: kidsafe/policy/help_resources.yaml)
    webhook_timeout_s: float = 5.0  # KIDSAFE_WEBHOOK_TIMEOUT_S (one delivery attempt)
    webhook_allow_private: bool = False  # KIDSAFE_WEBHOOK_ALLOW_PRIVATE (loopback/private webhook hosts)
    sla_minutes_urgent: int = 60  # KIDSAFE_SLA_MINUTES_URGENT (sexual_minors, grooming, sextortion)
    sla_minutes_default: int = 1440  # KIDSAFE_SLA_MINUTES_DEFAULT (every other category)
    sla_minutes_by_category: str = ""  # KIDSAFE_SLA_MINUTES_BY_CATEGORY (overrides, e.g. "self_harm=240,hate=720")
    max_report_chars: int = 5000  # KIDSAFE_MAX_REPORT_CHARS (reporter's free text, appeal statement)
    cases_worker_interval_s: float = 10.0  # KIDSAFE_CASES_WORKER_INTERVAL_S (flags + webhook outbox; 0 = off)
    # --- family ----------------------------------------------------------------------
    retention_days_usage: int = 90  # KIDSAFE_RETENTION_DAYS_USAGE (screen-time usage records)
    retention_days_family_alerts: int = 90  # KIDSAFE_RETENTION_DAYS_FAMILY_ALERTS (guardian alerts)
    family_contact_approval_bands: str = "under_13,unknown"  # KIDSAFE_FAMILY_CONTACT_APPROVAL_BANDS
    family_max_extra_minutes: int = 240  # KIDSAFE_FAMILY_MAX_EXTRA_MINUTES (one extra-time request)
    family_max_clock_skew_s: int = 300  # KIDSAFE_FAMILY_MAX_CLOCK_SKEW_S (client 'at' vs the server clock)
    # --- console ---------------------------------------------------------------------
    console_session_minutes: int = 480  # KIDSAFE_CONSOLE_SESSION_MINUTES (signed-in session lifetime)
    console_page_size: int = 50  # KIDSAFE_CONSOLE_PAGE_SIZE (queue rows per page, max 200)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        for f in fields(cls):
            env = os.environ.get("KIDSAFE_" + f.name.upper())
            if env is None:
                continue
            values[f.name] = _parse(f.name, env, f.type)
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]


def _parse(name: str, raw: str, typ: object) -> object:
    typ_name = typ if isinstance(typ, str) else getattr(typ, "__name__", str(typ))
    try:
        if typ_name == "int":
            return int(raw)
        if typ_name == "float":
            return float(raw)
        if typ_name == "bool":
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
    except ValueError:
        raise ValueError(f"KIDSAFE_{name.upper()}={raw!r} is not a valid {typ_name}") from None
    return raw


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()
