"""What accounting tells the apps above it (vouchers), inside its own transactions.

Each signal is sent after the write, before the transaction commits: a receiver that raises (a
`StateConflict`, say) refuses the write and everything rolls back; a receiver that writes does so in the
same transaction.
"""

from django.dispatch import Signal

# An invoice was cancelled: `invoice`, `actor`, `reason`.
invoice_cancelled = Signal()
# A credit note was issued: `credit_note`, `invoice`, `actor`, `lines` (invoice line → amount credited; empty
# when one amount was credited).
credit_note_issued = Signal()
