"""Follow-up (uppföljning): the indicator catalogue and the computed indicators per area, read
from the analytics store's current run in its published form."""
