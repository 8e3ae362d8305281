"""Synthetic national-scale data: `ocop synth --scale 1|10` (see README, "Dữ liệu tổng hợp")."""
