"""The bottom layer: pure helpers every app uses (text folding, spreadsheet cells and workbooks,
file types by content, localised formatting). No models, no app config, and no import of any
other `ocop` package (docs/architecture.md, "Layers"; ocop/ops/tests/test_layers.py)."""
