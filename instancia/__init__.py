"""The instance: what makes this board one country's or jurisdiction's (issue #18).

A low layer with no project imports: every layer that shows the board's name, the
coordinating body or the licence reads them from here without importing upwards.
"""
