"""What happens to an activity, told to the apps that act on it, so that they depend on activities
and activities on none of them (webhooks tell other systems, signups tell the people signed up).

Every signal is sent inside the transaction that made the change: what a receiver writes (an email in
the outbox, a webhook delivery, a promoted sign-up) commits with the change or not at all.
"""

from django.dispatch import Signal

# An activity was "published", "changed" or "cancelled" (the webhook event names). Sent for every
# such change; the receiver decides whether it matters yet (webhooks wait for the program).
activity_event = Signal()  # activity, event

# Something participants are told of: kind "changed" (before and after differ in time, place,
# format or stream link), "postponed" or "cancelled"; `before` and `after` are changes.snapshot()s.
participants_to_tell = Signal()  # activity, kind, before, after

# Asked, with the activity locked, before a new capacity is saved: a receiver answers why the
# activity cannot have that many seats (more are taken already), or None.
capacity_changing = Signal()  # activity, capacity

# More seats were saved: a receiver gives them to those waiting, in order.
capacity_raised = Signal()  # activity
