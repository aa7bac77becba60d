"""The lab: evaluate kidsafe's safety measures on evidence (labelled data a platform or researcher brings).

``metrics`` holds the shared measures, ``evaluate`` scores a labelled JSONL file with the shipped models,
``cli`` exposes ``kidsafe lab evaluate``. The benchmarks in ``bench/`` measure the shipped models on the
shared test splits; the lab lets anyone repeat that on their own data without writing code.
"""
