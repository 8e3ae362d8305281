"""The top layer: operating the system (`ocop serve`, backup and restore, the nginx configuration
for several nodes, the Đồng Nai demo). It may import every app; no app imports it. The synthetic
data generator is its own app below, `ocop.ops.synth`, installed only where enabled (OCOP_SYNTH)."""
