<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
  <context>
    <name>AboutDialog</name>
    <message>
      <source>About posapp</source>
      <translation>About posapp</translation>
    </message>
    <message>
      <source>posapp coupon till</source>
      <translation>posapp coupon till</translation>
    </message>
    <message>
      <source>Version {version}</source>
      <translation>Version {version}</translation>
    </message>
    <message>
      <source>Scans, checks and writes off coupons, online and offline.</source>
      <translation>Scans, checks and writes off coupons, online and offline.</translation>
    </message>
    <message>
      <source>Qt {qt}, Python {python}
Data: {data}
Logs: {logs}</source>
      <translation>Qt {qt}, Python {python}
Data: {data}
Logs: {logs}</translation>
    </message>
    <message>
      <source>Copy diagnostics</source>
      <translation>Copy diagnostics</translation>
    </message>
  </context>
  <context>
    <name>BillEntry</name>
    <message>
      <source>Type an amount like 128.50</source>
      <translation>Type an amount like 128.50</translation>
    </message>
    <message>
      <source>Bill</source>
      <translation>Bill</translation>
    </message>
    <message>
      <source>Enter the total only</source>
      <translation>Enter the total only</translation>
    </message>
    <message>
      <source>Enter items…</source>
      <translation>Enter items…</translation>
    </message>
    <message>
      <source>Total ¥</source>
      <translation>Total ¥</translation>
    </message>
    <message>
      <source>bill total, e.g. 128.50</source>
      <translation>bill total, e.g. 128.50</translation>
    </message>
    <message>
      <source>SKU</source>
      <translation>SKU</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>Item</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>Category</translation>
    </message>
    <message>
      <source>Brand</source>
      <translation>Brand</translation>
    </message>
    <message>
      <source>Price ¥</source>
      <translation>Price ¥</translation>
    </message>
    <message>
      <source>Qty</source>
      <translation>Qty</translation>
    </message>
    <message>
      <source>+ Line</source>
      <translation>+ Line</translation>
    </message>
    <message>
      <source>Remove line</source>
      <translation>Remove line</translation>
    </message>
  </context>
  <context>
    <name>CameraPreview</name>
    <message>
      <source>No camera.
Use the scanner or type the code.</source>
      <translation>No camera.
Use the scanner or type the code.</translation>
    </message>
    <message>
      <source>Starting the camera…</source>
      <translation>Starting the camera…</translation>
    </message>
    <message>
      <source>The camera is not working.
Use the scanner or type the code.</source>
      <translation>The camera is not working.
Use the scanner or type the code.</translation>
    </message>
  </context>
  <context>
    <name>ConfirmBox</name>
    <message>
      <source>Manager</source>
      <translation>Manager</translation>
    </message>
    <message>
      <source>Manager's name</source>
      <translation>Manager's name</translation>
    </message>
    <message>
      <source>PIN</source>
      <translation>PIN</translation>
    </message>
    <message>
      <source>Yes, reverse it</source>
      <translation>Yes, reverse it</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>Back</translation>
    </message>
  </context>
  <context>
    <name>ConflictsView</name>
    <message>
      <source>No conflicts. Nothing to do.</source>
      <translation>No conflicts. Nothing to do.</translation>
    </message>
    <message>
      <source>Pick a conflict first.</source>
      <translation>Pick a conflict first.</translation>
    </message>
    <message>
      <source>Done. The conflict is closed.</source>
      <translation>Done. The conflict is closed.</translation>
    </message>
    <message>
      <source>Syncing with head office…</source>
      <translation>Syncing with head office…</translation>
    </message>
    <message>
      <source>Synced: {pushed} sent, {pulled} updates received.</source>
      <translation>Synced: {pushed} sent, {pulled} updates received.</translation>
    </message>
    <message>
      <source>Conflict inbox</source>
      <translation>Conflict inbox</translation>
    </message>
    <message>
      <source>These write-offs were made while the till was offline, but head office did not accept them (for example, the coupon had been used elsewhere first). Decide for each one: collect the discount from the customer, or write it off as a loss.</source>
      <translation>These write-offs were made while the till was offline, but head office did not accept them (for example, the coupon had been used elsewhere first). Decide for each one: collect the discount from the customer, or write it off as a loss.</translation>
    </message>
    <message>
      <source>Written off</source>
      <translation>Written off</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>What happened</source>
      <translation>What happened</translation>
    </message>
    <message>
      <source>Discount</source>
      <translation>Discount</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>Cashier</translation>
    </message>
    <message>
      <source>Collected from customer</source>
      <translation>Collected from customer</translation>
    </message>
    <message>
      <source>Accept as loss</source>
      <translation>Accept as loss</translation>
    </message>
    <message>
      <source>Sync now</source>
      <translation>Sync now</translation>
    </message>
  </context>
  <context>
    <name>DemoPanel</name>
    <message>
      <source>Demo vouchers</source>
      <translation>Demo vouchers</translation>
    </message>
    <message>
      <source>Click a code to hold it up to the camera. Some can be redeemed; the others show why not.</source>
      <translation>Click a code to hold it up to the camera. Some can be redeemed; the others show why not.</translation>
    </message>
    <message>
      <source>Gift coupon</source>
      <translation>Gift coupon</translation>
    </message>
    <message>
      <source>Money off</source>
      <translation>Money off</translation>
    </message>
    <message>
      <source>Cash coupon</source>
      <translation>Cash coupon</translation>
    </message>
    <message>
      <source>Tea only</source>
      <translation>Tea only</translation>
    </message>
    <message>
      <source>Discount</source>
      <translation>Discount</translation>
    </message>
    <message>
      <source>Signed</source>
      <translation>Signed</translation>
    </message>
    <message>
      <source>Expired</source>
      <translation>Expired</translation>
    </message>
    <message>
      <source>Already used</source>
      <translation>Already used</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <source>Other store</source>
      <translation>Other store</translation>
    </message>
    <message>
      <source>Partner gift</source>
      <translation>Partner gift</translation>
    </message>
    <message>
      <source>Order QR</source>
      <translation>Order QR</translation>
    </message>
    <message>
      <source>Not a coupon</source>
      <translation>Not a coupon</translation>
    </message>
    <message>
      <source>Forged</source>
      <translation>Forged</translation>
    </message>
  </context>
  <context>
    <name>DiagnosticsCopier</name>
    <message>
      <source>Diagnostics copied. Paste them into your message to support.</source>
      <translation>Diagnostics copied. Paste them into your message to support.</translation>
    </message>
    <message>
      <source>Could not gather the diagnostics: {error}</source>
      <translation>Could not gather the diagnostics: {error}</translation>
    </message>
  </context>
  <context>
    <name>HelpMenu</name>
    <message>
      <source>Help</source>
      <translation>Help</translation>
    </message>
    <message>
      <source>About posapp</source>
      <translation>About posapp</translation>
    </message>
    <message>
      <source>Copy diagnostics</source>
      <translation>Copy diagnostics</translation>
    </message>
  </context>
  <context>
    <name>HistoryView</name>
    <message>
      <source>{n} write-off(s), {discount} in discounts</source>
      <translation>{n} write-off(s), {discount} in discounts</translation>
    </message>
    <message>
      <source>Our write-offs (this merchant only)</source>
      <translation>Our write-offs (this merchant only)</translation>
    </message>
    <message>
      <source>Write-offs on this till</source>
      <translation>Write-offs on this till</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Refresh</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>Time</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>Coupon</source>
      <translation>Coupon</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Kind</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>Cashier</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>Channel</translation>
    </message>
    <message>
      <source>Discount</source>
      <translation>Discount</translation>
    </message>
    <message>
      <source>State</source>
      <translation>State</translation>
    </message>
  </context>
  <context>
    <name>LoginProblem</name>
    <message>
      <source>No active user {user} on this till. Check the name, or sync the till.</source>
      <translation>No active user {user} on this till. Check the name, or sync the till.</translation>
    </message>
    <message>
      <source>Wrong PIN. {left} more tries before the account is locked for a while.</source>
      <translation>Wrong PIN. {left} more tries before the account is locked for a while.</translation>
    </message>
    <message>
      <source>Too many wrong PINs. Try again after {until}, or ask a manager.</source>
      <translation>Too many wrong PINs. Try again after {until}, or ask a manager.</translation>
    </message>
  </context>
  <context>
    <name>LoginView</name>
    <message>
      <source>Opening the till…</source>
      <translation>Opening the till…</translation>
    </message>
    <message>
      <source>Log in first, then scan the coupon again.</source>
      <translation>Log in first, then scan the coupon again.</translation>
    </message>
    <message>
      <source>Type your name and PIN.</source>
      <translation>Type your name and PIN.</translation>
    </message>
    <message>
      <source>Opening the till… you are logged in as soon as it is.</source>
      <translation>Opening the till… you are logged in as soon as it is.</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>Checking…</translation>
    </message>
    <message>
      <source>Coupon till</source>
      <translation>Coupon till</translation>
    </message>
    <message>
      <source>Log in with your name and PIN</source>
      <translation>Log in with your name and PIN</translation>
    </message>
    <message>
      <source>Switch user:</source>
      <translation>Switch user:</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>PIN</source>
      <translation>PIN</translation>
    </message>
    <message>
      <source>Your name</source>
      <translation>Your name</translation>
    </message>
    <message>
      <source>Log in  (Enter)</source>
      <translation>Log in  (Enter)</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Locked after a while without use. Log in again.</source>
      <translation>Locked after a while without use. Log in again.</translation>
    </message>
    <message>
      <source>Redeem  F1</source>
      <translation>Redeem  F1</translation>
    </message>
    <message>
      <source>Reverse  F2</source>
      <translation>Reverse  F2</translation>
    </message>
    <message>
      <source>History  F3</source>
      <translation>History  F3</translation>
    </message>
    <message>
      <source>Daily tally  F4</source>
      <translation>Daily tally  F4</translation>
    </message>
    <message>
      <source>Conflicts  F5</source>
      <translation>Conflicts  F5</translation>
    </message>
    <message>
      <source>Settings  F6</source>
      <translation>Settings  F6</translation>
    </message>
    <message>
      <source>Lock  F12</source>
      <translation>Lock  F12</translation>
    </message>
    <message>
      <source>Lock the till, or switch user</source>
      <translation>Lock the till, or switch user</translation>
    </message>
    <message>
      <source>Partner merchant mode</source>
      <translation>Partner merchant mode</translation>
    </message>
    <message>
      <source>Coupon till</source>
      <translation>Coupon till</translation>
    </message>
    <message>
      <source>{title} — demo</source>
      <translation>{title} — demo</translation>
    </message>
  </context>
  <context>
    <name>OrderView</name>
    <message>
      <source>Looking up the order…</source>
      <translation>Looking up the order…</translation>
    </message>
    <message>
      <source>Yes, with the order total</source>
      <translation>Yes, with the order total</translation>
    </message>
    <message>
      <source>✔ Yes</source>
      <translation>✔ Yes</translation>
    </message>
    <message>
      <source>This order has no vouchers.</source>
      <translation>This order has no vouchers.</translation>
    </message>
    <message>
      <source>Tick the vouchers to write off.</source>
      <translation>Tick the vouchers to write off.</translation>
    </message>
    <message>
      <source>Type the order total like 128.50, or leave it empty.</source>
      <translation>Type the order total like 128.50, or leave it empty.</translation>
    </message>
    <message>
      <source>Writing off…</source>
      <translation>Writing off…</translation>
    </message>
    <message>
      <source>{code} (hand over {items})</source>
      <translation>{code} (hand over {items})</translation>
    </message>
    <message>
      <source>{code} ({discount} off)</source>
      <translation>{code} ({discount} off)</translation>
    </message>
    <message>
      <source>Order {order}: {n} voucher(s) written off: {codes}.</source>
      <translation>Order {order}: {n} voucher(s) written off: {codes}.</translation>
    </message>
    <message>
      <source>Discount {discount}; customer pays {pay}.</source>
      <translation>Discount {discount}; customer pays {pay}.</translation>
    </message>
    <message>
      <source>Order {order}: nothing was written off.</source>
      <translation>Order {order}: nothing was written off.</translation>
    </message>
    <message>
      <source>Not written off: {list}</source>
      <translation>Not written off: {list}</translation>
    </message>
    <message>
      <source>Order {order}</source>
      <translation>Order {order}</translation>
    </message>
    <message>
      <source>Use</source>
      <translation>Use</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>Coupon</source>
      <translation>Coupon</translation>
    </message>
    <message>
      <source>Can it be used?</source>
      <translation>Can it be used?</translation>
    </message>
    <message>
      <source>Order total ¥ (for discounts)</source>
      <translation>Order total ¥ (for discounts)</translation>
    </message>
    <message>
      <source>Select all</source>
      <translation>Select all</translation>
    </message>
    <message>
      <source>Write off selected</source>
      <translation>Write off selected</translation>
    </message>
  </context>
  <context>
    <name>QuotePanel</name>
    <message>
      <source>Bill</source>
      <translation>Bill</translation>
    </message>
    <message>
      <source>Coupon discount</source>
      <translation>Coupon discount</translation>
    </message>
    <message>
      <source>To pay</source>
      <translation>To pay</translation>
    </message>
    <message>
      <source>Line</source>
      <translation>Line</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>Amount</translation>
    </message>
    <message>
      <source>Share of discount</source>
      <translation>Share of discount</translation>
    </message>
  </context>
  <context>
    <name>Reason</name>
    <message>
      <source>Coupon {code} is not known here. Check the code, or sync the till and scan again.</source>
      <translation>Coupon {code} is not known here. Check the code, or sync the till and scan again.</translation>
    </message>
    <message>
      <source>Coupon {code} is not in this till's list, and the till is offline, so it cannot ask head office whether it is valid in another store. Check the code, or scan it again when the till is online.</source>
      <translation>Coupon {code} is not in this till's list, and the till is offline, so it cannot ask head office whether it is valid in another store. Check the code, or scan it again when the till is online.</translation>
    </message>
    <message>
      <source>Coupon {code} is a gift from a partner and can only be used there: {merchants}.</source>
      <translation>Coupon {code} is a gift from a partner and can only be used there: {merchants}.</translation>
    </message>
    <message>
      <source>Code {code} has a typo (its check character does not match). Type it again.</source>
      <translation>Code {code} has a typo (its check character does not match). Type it again.</translation>
    </message>
    <message>
      <source>Coupon {code} has not been issued to a customer yet and cannot be used.</source>
      <translation>Coupon {code} has not been issued to a customer yet and cannot be used.</translation>
    </message>
    <message>
      <source>Coupon {code} is not valid yet: it can be used from {start}.</source>
      <translation>Coupon {code} is not valid yet: it can be used from {start}.</translation>
    </message>
    <message>
      <source>Coupon {code} expired on {end}.</source>
      <translation>Coupon {code} expired on {end}.</translation>
    </message>
    <message>
      <source>Coupon {code} was already redeemed at {store} on {when}.</source>
      <translation>Coupon {code} was already redeemed at {store} on {when}.</translation>
    </message>
    <message>
      <source>Coupon {code} has been cancelled by head office and cannot be used.</source>
      <translation>Coupon {code} has been cancelled by head office and cannot be used.</translation>
    </message>
    <message>
      <source>Coupon {code} has been withdrawn by head office and cannot be used.</source>
      <translation>Coupon {code} has been withdrawn by head office and cannot be used.</translation>
    </message>
    <message>
      <source>Coupon {code} cannot be used in this store. It is valid at: {stores}.</source>
      <translation>Coupon {code} cannot be used in this store. It is valid at: {stores}.</translation>
    </message>
    <message>
      <source>Coupon {code} is not a gift coupon for this merchant.</source>
      <translation>Coupon {code} is not a gift coupon for this merchant.</translation>
    </message>
    <message>
      <source>Coupon {code} needs {threshold} of eligible items; {missing} more is needed.</source>
      <translation>Coupon {code} needs {threshold} of eligible items; {missing} more is needed.</translation>
    </message>
    <message>
      <source>Nothing on this bill counts towards coupon {code}.</source>
      <translation>Nothing on this bill counts towards coupon {code}.</translation>
    </message>
    <message>
      <source>Coupon {code} applies to some products only. Enter the bill's items, not just the total.</source>
      <translation>Coupon {code} applies to some products only. Enter the bill's items, not just the total.</translation>
    </message>
    <message>
      <source>Coupon {code} takes money off a bill. Enter the bill first.</source>
      <translation>Coupon {code} takes money off a bill. Enter the bill first.</translation>
    </message>
    <message>
      <source>Coupon {code} cannot be combined with other promotions on this order.</source>
      <translation>Coupon {code} cannot be combined with other promotions on this order.</translation>
    </message>
    <message>
      <source>Only {limit} coupon(s) of this kind may be used on one order.</source>
      <translation>Only {limit} coupon(s) of this kind may be used on one order.</translation>
    </message>
    <message>
      <source>This is not a coupon code.</source>
      <translation>This is not a coupon code.</translation>
    </message>
    <message>
      <source>This voucher's signature is not valid. It may be forged; do not accept it.</source>
      <translation>This voucher's signature is not valid. It may be forged; do not accept it.</translation>
    </message>
    <message>
      <source>This voucher was signed with a key this till does not know. Sync the till and scan again.</source>
      <translation>This voucher was signed with a key this till does not know. Sync the till and scan again.</translation>
    </message>
    <message>
      <source>Order {order} was not found.</source>
      <translation>Order {order} was not found.</translation>
    </message>
    <message>
      <source>The till is offline and this kind of coupon cannot be redeemed offline. Try again when online.</source>
      <translation>The till is offline and this kind of coupon cannot be redeemed offline. Try again when online.</translation>
    </message>
    <message>
      <source>The till has reached its offline limit ({limit}). Reconnect before redeeming more.</source>
      <translation>The till has reached its offline limit ({limit}). Reconnect before redeeming more.</translation>
    </message>
    <message>
      <source>The till has not synced since {since}; offline redemption is stopped. Reconnect the till.</source>
      <translation>The till has not synced since {since}; offline redemption is stopped. Reconnect the till.</translation>
    </message>
    <message>
      <source>This write-off cannot be reversed: {why}.</source>
      <translation>This write-off cannot be reversed: {why}.</translation>
    </message>
    <message>
      <source>Coupon {code} is not given back: the order was completed or goods were returned. The refund keeps the coupon's share ({kept}); refund {refund}.</source>
      <translation>Coupon {code} is not given back: the order was completed or goods were returned. The refund keeps the coupon's share ({kept}); refund {refund}.</translation>
    </message>
    <message>
      <source>Line {line} of this bill cannot be returned again: {returned} of {bought} unit(s) already came back.</source>
      <translation>Line {line} of this bill cannot be returned again: {returned} of {bought} unit(s) already came back.</translation>
    </message>
    <message>
      <source>Head office works out {expected} for coupon {code} on this bill, not {claimed}. The coupon was not written off there.</source>
      <translation>Head office works out {expected} for coupon {code} on this bill, not {claimed}. The coupon was not written off there.</translation>
    </message>
    <message>
      <source>No member {member} is known here. Check the number, or scan the member's code.</source>
      <translation>No member {member} is known here. Check the number, or scan the member's code.</translation>
    </message>
    <message>
      <source>The till is offline and cannot look up a phone number. Scan the member's code or type the member ID.</source>
      <translation>The till is offline and cannot look up a phone number. Scan the member's code or type the member ID.</translation>
    </message>
    <message>
      <source>The discount cannot be spread that way: {why}.</source>
      <translation>The discount cannot be spread that way: {why}.</translation>
    </message>
    <message>
      <source>This coupon's rules changed at head office since the till last synced. Sync the till and scan the coupon again.</source>
      <translation>This coupon's rules changed at head office since the till last synced. Sync the till and scan the coupon again.</translation>
    </message>
    <message>
      <source>Coupon {code} was written off on {when}, longer ago than a till may work offline. Head office did not record it.</source>
      <translation>Coupon {code} was written off on {when}, longer ago than a till may work offline. Head office did not record it.</translation>
    </message>
  </context>
  <context>
    <name>RedeemView</name>
    <message>
      <source>Still writing off the last coupon; scan again.</source>
      <translation>Still writing off the last coupon; scan again.</translation>
    </message>
    <message>
      <source>The till could not check this code: {error}</source>
      <translation>The till could not check this code: {error}</translation>
    </message>
    <message>
      <source>Writing off…</source>
      <translation>Writing off…</translation>
    </message>
    <message>
      <source>Coupon {code} written off. Hand over: {items}.</source>
      <translation>Coupon {code} written off. Hand over: {items}.</translation>
    </message>
    <message>
      <source>Coupon {code} written off. Discount {discount}; customer pays {pay}.</source>
      <translation>Coupon {code} written off. Discount {discount}; customer pays {pay}.</translation>
    </message>
    <message>
      <source>Coupon {code} written off.</source>
      <translation>Coupon {code} written off.</translation>
    </message>
    <message>
      <source>(Offline: it will be sent when the till is back online.)</source>
      <translation>(Offline: it will be sent when the till is back online.)</translation>
    </message>
    <message>
      <source>Not written off: {error}. Nothing was recorded; try again.</source>
      <translation>Not written off: {error}. Nothing was recorded; try again.</translation>
    </message>
    <message>
      <source>Hand over and write off  (Enter)</source>
      <translation>Hand over and write off  (Enter)</translation>
    </message>
    <message>
      <source>Write off coupon  (Enter)</source>
      <translation>Write off coupon  (Enter)</translation>
    </message>
    <message>
      <source>Reading the picture…</source>
      <translation>Reading the picture…</translation>
    </message>
    <message>
      <source>Next code in the picture ({n})  F7</source>
      <translation>Next code in the picture ({n})  F7</translation>
    </message>
    <message>
      <source>No QR code found in that picture. Try a sharper picture, or type the code.</source>
      <translation>No QR code found in that picture. Try a sharper picture, or type the code.</translation>
    </message>
    <message>
      <source>That picture cannot be read: {error}. Try another one, or type the code.</source>
      <translation>That picture cannot be read: {error}. Try another one, or type the code.</translation>
    </message>
    <message>
      <source>Camera and scanner are always on. F9 writes off, Esc clears. Drop a picture of a QR code anywhere here.</source>
      <translation>Camera and scanner are always on. F9 writes off, Esc clears. Drop a picture of a QR code anywhere here.</translation>
    </message>
    <message>
      <source>Clear  (Esc)</source>
      <translation>Clear  (Esc)</translation>
    </message>
  </context>
  <context>
    <name>ResyncNotice</name>
    <message>
      <source>Head office's coupon service was restored from a backup. This till has reloaded its coupons from it; write-offs waiting to be sent are kept and will be sent.</source>
      <translation>Head office's coupon service was restored from a backup. This till has reloaded its coupons from it; write-offs waiting to be sent are kept and will be sent.</translation>
    </message>
    <message>
      <source>Head office's coupon service now runs on another database (restored or replaced). This till has reloaded its coupons from it; write-offs waiting to be sent are kept and will be sent.</source>
      <translation>Head office's coupon service now runs on another database (restored or replaced). This till has reloaded its coupons from it; write-offs waiting to be sent are kept and will be sent.</translation>
    </message>
    <message>
      <source>This till's place in head office's updates could not be used, so it has reloaded its coupons from the coupon service; write-offs waiting to be sent are kept and will be sent.</source>
      <translation>This till's place in head office's updates could not be used, so it has reloaded its coupons from the coupon service; write-offs waiting to be sent are kept and will be sent.</translation>
    </message>
    <message>
      <source>This till is reloading its coupons from head office's coupon service, whose database was restored or replaced. Write-offs waiting to be sent are kept.</source>
      <translation>This till is reloading its coupons from head office's coupon service, whose database was restored or replaced. Write-offs waiting to be sent are kept.</translation>
    </message>
  </context>
  <context>
    <name>ReturnLines</name>
    <message>
      <source>Back now</source>
      <translation>Back now</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>Item</translation>
    </message>
    <message>
      <source>Bought</source>
      <translation>Bought</translation>
    </message>
    <message>
      <source>Back before</source>
      <translation>Back before</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>Amount</translation>
    </message>
  </context>
  <context>
    <name>ReversalView</name>
    <message>
      <source>No write-off of this coupon today on this till.</source>
      <translation>No write-off of this coupon today on this till.</translation>
    </message>
    <message>
      <source>Pick the write-off to reverse first.</source>
      <translation>Pick the write-off to reverse first.</translation>
    </message>
    <message>
      <source>Tick the items that come back first.</source>
      <translation>Tick the items that come back first.</translation>
    </message>
    <message>
      <source>Coupon {code} ({what}, {amount})</source>
      <translation>Coupon {code} ({what}, {amount})</translation>
    </message>
    <message>
      <source>{n} item(s) come back; the coupon stays used and keeps their share.</source>
      <translation>{n} item(s) come back; the coupon stays used and keeps their share.</translation>
    </message>
    <message>
      <source>The order was completed: the coupon stays used.</source>
      <translation>The order was completed: the coupon stays used.</translation>
    </message>
    <message>
      <source>The order is cancelled: the coupon is given back to the customer.</source>
      <translation>The order is cancelled: the coupon is given back to the customer.</translation>
    </message>
    <message>
      <source>A manager confirms with name and PIN.</source>
      <translation>A manager confirms with name and PIN.</translation>
    </message>
    <message>
      <source>Reverse it?</source>
      <translation>Reverse it?</translation>
    </message>
    <message>
      <source>Asking head office…</source>
      <translation>Asking head office…</translation>
    </message>
    <message>
      <source>That manager name and PIN do not match. Nothing reversed.</source>
      <translation>That manager name and PIN do not match. Nothing reversed.</translation>
    </message>
    <message>
      <source>Only a manager can confirm this. Nothing reversed.</source>
      <translation>Only a manager can confirm this. Nothing reversed.</translation>
    </message>
    <message>
      <source>Reversed: the coupon is given back to the customer.</source>
      <translation>Reversed: the coupon is given back to the customer.</translation>
    </message>
    <message>
      <source>The coupon stays used (the order was completed). Discount kept on returned items: {amount}.</source>
      <translation>The coupon stays used (the order was completed). Discount kept on returned items: {amount}.</translation>
    </message>
    <message>
      <source>Reversal recorded; it will be sent when the till is back online.</source>
      <translation>Reversal recorded; it will be sent when the till is back online.</translation>
    </message>
    <message>
      <source>Not reversed: {error}</source>
      <translation>Not reversed: {error}</translation>
    </message>
    <message>
      <source>Reverse a write-off</source>
      <translation>Reverse a write-off</translation>
    </message>
    <message>
      <source>Order cancelled before it was completed: the coupon is given back if it is still valid. Order completed, or goods returned: the coupon stays used and the returned items keep their share of the discount.</source>
      <translation>Order cancelled before it was completed: the coupon is given back if it is still valid. Order completed, or goods returned: the coupon stays used and the returned items keep their share of the discount.</translation>
    </message>
    <message>
      <source>Find by coupon code or order number</source>
      <translation>Find by coupon code or order number</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>Time</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>Coupon</source>
      <translation>Coupon</translation>
    </message>
    <message>
      <source>Discount</source>
      <translation>Discount</translation>
    </message>
    <message>
      <source>Order</source>
      <translation>Order</translation>
    </message>
    <message>
      <source>State</source>
      <translation>State</translation>
    </message>
    <message>
      <source>Order cancelled</source>
      <translation>Order cancelled</translation>
    </message>
    <message>
      <source>Goods returned</source>
      <translation>Goods returned</translation>
    </message>
    <message>
      <source>Order was already completed</source>
      <translation>Order was already completed</translation>
    </message>
    <message>
      <source>Items coming back (goods returned):</source>
      <translation>Items coming back (goods returned):</translation>
    </message>
    <message>
      <source>Reverse the write-off…</source>
      <translation>Reverse the write-off…</translation>
    </message>
  </context>
  <context>
    <name>ScanInput</name>
    <message>
      <source>The check character does not match: look for a typo.</source>
      <translation>The check character does not match: look for a typo.</translation>
    </message>
    <message>
      <source>Scan or type a code</source>
      <translation>Scan or type a code</translation>
    </message>
    <message>
      <source>Scan, or type a coupon code and press Enter</source>
      <translation>Scan, or type a coupon code and press Enter</translation>
    </message>
  </context>
  <context>
    <name>SettingsView</name>
    <message>
      <source>{hour}:00, set by head office for the store</source>
      <translation>{hour}:00, set by head office for the store</translation>
    </message>
    <message>
      <source>set by head office for the store</source>
      <translation>set by head office for the store</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>Saved.</translation>
    </message>
    <message>
      <source>Type the server address and the device token.</source>
      <translation>Type the server address and the device token.</translation>
    </message>
    <message>
      <source>Registering…</source>
      <translation>Registering…</translation>
    </message>
    <message>
      <source>Not registered: {error}</source>
      <translation>Not registered: {error}</translation>
    </message>
    <message>
      <source>Registered. The till is syncing.</source>
      <translation>Registered. The till is syncing.</translation>
    </message>
    <message>
      <source>Head office connection</source>
      <translation>Head office connection</translation>
    </message>
    <message>
      <source>Server address</source>
      <translation>Server address</translation>
    </message>
    <message>
      <source>Device token</source>
      <translation>Device token</translation>
    </message>
    <message>
      <source>shown once when the till is created</source>
      <translation>shown once when the till is created</translation>
    </message>
    <message>
      <source>Register this till</source>
      <translation>Register this till</translation>
    </message>
    <message>
      <source>This till</source>
      <translation>This till</translation>
    </message>
    <message>
      <source>Camera</source>
      <translation>Camera</translation>
    </message>
    <message>
      <source>No camera, a camera number (0, 1, …), or a folder of pictures</source>
      <translation>No camera, a camera number (0, 1, …), or a folder of pictures</translation>
    </message>
    <message>
      <source>No camera</source>
      <translation>No camera</translation>
    </message>
    <message>
      <source>Scanner prefix</source>
      <translation>Scanner prefix</translation>
    </message>
    <message>
      <source>Scanner suffix</source>
      <translation>Scanner suffix</translation>
    </message>
    <message>
      <source>What the USB scanner sends after a code, e.g. \r for Enter</source>
      <translation>What the USB scanner sends after a code, e.g. \r for Enter</translation>
    </message>
    <message>
      <source>Business day starts at</source>
      <translation>Business day starts at</translation>
    </message>
    <message>
      <source>Lock after idle (seconds)</source>
      <translation>Lock after idle (seconds)</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Language</translation>
    </message>
    <message>
      <source>System default</source>
      <translation>System default</translation>
    </message>
    <message>
      <source>Save settings</source>
      <translation>Save settings</translation>
    </message>
  </context>
  <context>
    <name>TallyView</name>
    <message>
      <source>{n} write-off(s) · {discount} discount · {confirmed} confirmed, {pending} waiting to send, {conflicted} in conflict, {reversed} reversed</source>
      <translation>{n} write-off(s) · {discount} discount · {confirmed} confirmed, {pending} waiting to send, {conflicted} in conflict, {reversed} reversed</translation>
    </message>
    <message>
      <source>Export the tally</source>
      <translation>Export the tally</translation>
    </message>
    <message>
      <source>Exported to {path}</source>
      <translation>Exported to {path}</translation>
    </message>
    <message>
      <source>Export failed: {error}</source>
      <translation>Export failed: {error}</translation>
    </message>
    <message>
      <source>Daily tally</source>
      <translation>Daily tally</translation>
    </message>
    <message>
      <source>by</source>
      <translation>by</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Kind</translation>
    </message>
    <message>
      <source>Coupon</source>
      <translation>Coupon</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>Cashier</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>Channel</translation>
    </message>
    <message>
      <source>Hour</source>
      <translation>Hour</translation>
    </message>
    <message>
      <source>Count</source>
      <translation>Count</translation>
    </message>
    <message>
      <source>Discount ¥</source>
      <translation>Discount ¥</translation>
    </message>
    <message>
      <source>Export CSV…</source>
      <translation>Export CSV…</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Refresh</translation>
    </message>
    <message>
      <source>Group</source>
      <translation>Group</translation>
    </message>
    <message>
      <source>Confirmed</source>
      <translation>Confirmed</translation>
    </message>
    <message>
      <source>Waiting</source>
      <translation>Waiting</translation>
    </message>
    <message>
      <source>Conflict</source>
      <translation>Conflict</translation>
    </message>
    <message>
      <source>Reversed</source>
      <translation>Reversed</translation>
    </message>
    <message>
      <source>Written off</source>
      <translation>Written off</translation>
    </message>
    <message>
      <source>Discount</source>
      <translation>Discount</translation>
    </message>
    <message>
      <source>Coupon value</source>
      <translation>Coupon value</translation>
    </message>
    <message>
      <source>No write-offs on this day yet.</source>
      <translation>No write-offs on this day yet.</translation>
    </message>
  </context>
  <context>
    <name>Texts</name>
    <message>
      <source>Gift coupon</source>
      <translation>Gift coupon</translation>
    </message>
    <message>
      <source>Discount coupon</source>
      <translation>Discount coupon</translation>
    </message>
    <message>
      <source>Money-off coupon</source>
      <translation>Money-off coupon</translation>
    </message>
    <message>
      <source>Cash coupon</source>
      <translation>Cash coupon</translation>
    </message>
    <message>
      <source>gift worth {value}</source>
      <translation>gift worth {value}</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>Cashier</translation>
    </message>
    <message>
      <source>Manager</source>
      <translation>Manager</translation>
    </message>
    <message>
      <source>Partner merchant</source>
      <translation>Partner merchant</translation>
    </message>
    <message>
      <source>In store</source>
      <translation>In store</translation>
    </message>
    <message>
      <source>Partner</source>
      <translation>Partner</translation>
    </message>
    <message>
      <source>Phone order</source>
      <translation>Phone order</translation>
    </message>
    <message>
      <source>Confirmed</source>
      <translation>Confirmed</translation>
    </message>
    <message>
      <source>Waiting to send</source>
      <translation>Waiting to send</translation>
    </message>
    <message>
      <source>Conflict</source>
      <translation>Conflict</translation>
    </message>
    <message>
      <source>Rejected</source>
      <translation>Rejected</translation>
    </message>
    <message>
      <source>Refused</source>
      <translation>Refused</translation>
    </message>
    <message>
      <source>Reversed</source>
      <translation>Reversed</translation>
    </message>
    <message>
      <source>¥{amount}</source>
      <translation>¥{amount}</translation>
    </message>
    <message>
      <source>{pct}% off</source>
      <translation>{pct}% off</translation>
    </message>
    <message>
      <source>never</source>
      <translation>never</translation>
    </message>
    <message>
      <source>just now</source>
      <translation>just now</translation>
    </message>
    <message>
      <source>{n} min</source>
      <translation>{n} min</translation>
    </message>
    <message>
      <source>{n} h</source>
      <translation>{n} h</translation>
    </message>
    <message>
      <source>{n} d</source>
      <translation>{n} d</translation>
    </message>
  </context>
  <context>
    <name>TillStatusBar</name>
    <message>
      <source>● Online</source>
      <translation>● Online</translation>
    </message>
    <message>
      <source>● Offline</source>
      <translation>● Offline</translation>
    </message>
    <message>
      <source>● Starting…</source>
      <translation>● Starting…</translation>
    </message>
    <message>
      <source>Till not registered</source>
      <translation>Till not registered</translation>
    </message>
    <message>
      <source>Cache: {age}</source>
      <translation>Cache: {age}</translation>
    </message>
    <message>
      <source>Queued: {n}</source>
      <translation>Queued: {n}</translation>
    </message>
    <message>
      <source>Conflicts: {n}</source>
      <translation>Conflicts: {n}</translation>
    </message>
    <message>
      <source>Nobody logged in</source>
      <translation>Nobody logged in</translation>
    </message>
    <message>
      <source>{name} · {role}</source>
      <translation>{name} · {role}</translation>
    </message>
  </context>
  <context>
    <name>VerdictCard</name>
    <message>
      <source>Ready to scan</source>
      <translation>Ready to scan</translation>
    </message>
    <message>
      <source>Scan a coupon or an order QR code, or type the code and press Enter. You can also drop a picture of the QR code here.</source>
      <translation>Scan a coupon or an order QR code, or type the code and press Enter. You can also drop a picture of the QR code here.</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>Checking…</translation>
    </message>
    <message>
      <source>✔ Redeemed</source>
      <translation>✔ Redeemed</translation>
    </message>
    <message>
      <source>✘ Cannot be used</source>
      <translation>✘ Cannot be used</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>{missing} more needed</source>
      <translation>{missing} more needed</translation>
    </message>
    <message>
      <source>Not on this bill · {kind}</source>
      <translation>Not on this bill · {kind}</translation>
    </message>
    <message>
      <source>✔ Valid · {kind}</source>
      <translation>✔ Valid · {kind}</translation>
    </message>
    <message>
      <source>{qty} × {name}</source>
      <translation>{qty} × {name}</translation>
    </message>
    <message>
      <source>Hand over: {items}</source>
      <translation>Hand over: {items}</translation>
    </message>
    <message>
      <source>{off}, at most {cap}</source>
      <translation>{off}, at most {cap}</translation>
    </message>
    <message>
      <source>{value} off</source>
      <translation>{value} off</translation>
    </message>
    <message>
      <source>{value} cash coupon</source>
      <translation>{value} cash coupon</translation>
    </message>
    <message>
      <source>{what} when spending {threshold}</source>
      <translation>{what} when spending {threshold}</translation>
    </message>
    <message>
      <source>{n} items</source>
      <translation>{n} items</translation>
    </message>
    <message>
      <source>{n} g</source>
      <translation>{n} g</translation>
    </message>
    <message>
      <source>Coupon</source>
      <translation>Coupon</translation>
    </message>
    <message>
      <source>Rule</source>
      <translation>Rule</translation>
    </message>
    <message>
      <source>Valid</source>
      <translation>Valid</translation>
    </message>
    <message>
      <source>Where</source>
      <translation>Where</translation>
    </message>
    <message>
      <source>Products</source>
      <translation>Products</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>Notes</translation>
    </message>
    <message>
      <source>No end date</source>
      <translation>No end date</translation>
    </message>
    <message>
      <source>until {end}</source>
      <translation>until {end}</translation>
    </message>
    <message>
      <source>from {start}</source>
      <translation>from {start}</translation>
    </message>
    <message>
      <source>{start} to {end}</source>
      <translation>{start} to {end}</translation>
    </message>
    <message>
      <source>all our stores</source>
      <translation>all our stores</translation>
    </message>
    <message>
      <source>{n} other store(s)</source>
      <translation>{n} other store(s)</translation>
    </message>
    <message>
      <source>{n} partner merchant(s)</source>
      <translation>{n} partner merchant(s)</translation>
    </message>
  </context>
</TS>