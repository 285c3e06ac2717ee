"""Walking up Wagtail's page tree by materialised path, without a query per step.

A page's path is its ancestors' paths followed by ``steplen`` characters of its
own, so a parent's and every ancestor's path are prefixes of it.
"""


def parent_path(page) -> str:
    """The path of the page's parent."""
    return page.path[: -page.steplen]


def ancestor_paths(page, inclusive: bool = False) -> list[str]:
    """The paths of the page's ancestors from the root down (and its own if ``inclusive``)."""
    depth = page.depth + 1 if inclusive else page.depth
    return [page.path[: d * page.steplen] for d in range(1, depth)]
