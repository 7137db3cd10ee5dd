"""Reading a labelled table a risk team brings, and fingerprinting training data."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pandas as pd

from autolend.risk.errors import RiskInputError

ENCODINGS = ("utf-8-sig", "gb18030")  # exports from Chinese Excel are often GBK
SEPARATORS = (",", "\t", ";")  # the first found in the header row is the separator


def read_csv(path: str | Path) -> tuple[pd.DataFrame, str]:
    """The table in a CSV file and the SHA-256 (hex) of the file's bytes.

    UTF-8 (with or without BOM) or GB18030 text; comma-, tab- or semicolon-separated; a header
    row, at least two columns and one data row. Raises RiskInputError("data", …) with a one-line reason otherwise.
    """
    file = Path(path)
    if not file.is_file():
        raise RiskInputError("data", f"no such file: {file}")
    raw = file.read_bytes()
    if not raw.strip():
        raise RiskInputError("data", f"{file} is empty")
    frame = None
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        header = text.split("\n", 1)[0]
        sep = next((c for c in SEPARATORS if c in header), ",")
        try:
            frame = pd.read_csv(io.StringIO(text), sep=sep, skipinitialspace=True)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise RiskInputError("data", f"{file} is not a readable CSV: {reason}") from None
        break
    if frame is None:
        raise RiskInputError("data", f"{file} is neither UTF-8 nor GB18030 text")
    if frame.shape[1] < 2:
        raise RiskInputError("data", f"{file} needs a header row and at least two columns")
    if frame.empty:
        raise RiskInputError("data", f"{file} has a header but no rows")
    frame.columns = [str(c).strip() for c in frame.columns]
    if len(set(frame.columns)) != len(frame.columns):
        raise RiskInputError("data", f"{file} has duplicate column names")
    return frame, hashlib.sha256(raw).hexdigest()


def frame_sha256(frame: pd.DataFrame) -> str:
    """SHA-256 (hex) of a table's column names and values, for data not read from a file."""
    digest = hashlib.sha256("\x1f".join(map(str, frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()
