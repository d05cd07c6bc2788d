"""Pure coupon rules: no project imports, no Qt, no SQL, no HTTP."""

from posapp.domain.apportion import adjust_shares, apportion

__all__ = ["adjust_shares", "apportion"]
