"""Pure coupon rules: no project imports, no Qt, no SQL, no HTTP."""
