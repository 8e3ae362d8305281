"""Checks of a deployment's shape, shared by the settings (at start) and `ocop serve` (before it
starts its processes). Pure: plain values in, a reason out."""


def shared_cache_refusal(*, workers: int, nodes: int, redis_url: str, production: bool) -> str:
    """Why production may not start (several processes, no shared cache), or "" when it may."""
    if production and not redis_url and max(workers, 1) * max(nodes, 1) > 1:
        return (
            f"REDIS_URL phải được đặt khi OCOP_ENV=production chạy nhiều tiến trình ({workers} tiến trình × "
            f"{nodes} máy chủ): bộ nhớ đệm trong từng tiến trình sẽ lệch nhau. (REDIS_URL is required in "
            "production with several workers or nodes: per-process caches would disagree.)"
        )
    return ""
