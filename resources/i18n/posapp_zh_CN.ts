<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>AboutDialog</name>
    <message>
      <source>About posapp</source>
      <translation>关于 posapp</translation>
    </message>
    <message>
      <source>posapp coupon till</source>
      <translation>posapp 优惠券收银台</translation>
    </message>
    <message>
      <source>Version {version}</source>
      <translation>版本 {version}</translation>
    </message>
    <message>
      <source>Scans, checks and writes off coupons, online and offline.</source>
      <translation>扫码、校验并核销优惠券，联网或离线均可。</translation>
    </message>
    <message>
      <source>Qt {qt}, Python {python}
Data: {data}
Logs: {logs}</source>
      <translation>Qt {qt}，Python {python}
数据：{data}
日志：{logs}</translation>
    </message>
    <message>
      <source>Copy diagnostics</source>
      <translation>复制诊断信息</translation>
    </message>
  </context>
  <context>
    <name>BillEntry</name>
    <message>
      <source>Type an amount like 128.50</source>
      <translation>请输入金额，例如 128.50</translation>
    </message>
    <message>
      <source>Bill</source>
      <translation>账单</translation>
    </message>
    <message>
      <source>Enter the total only</source>
      <translation>只录入总额</translation>
    </message>
    <message>
      <source>Enter items…</source>
      <translation>录入商品明细…</translation>
    </message>
    <message>
      <source>Total ¥</source>
      <translation>总额 ¥</translation>
    </message>
    <message>
      <source>bill total, e.g. 128.50</source>
      <translation>账单总额，例如 128.50</translation>
    </message>
    <message>
      <source>SKU</source>
      <translation>商品编码</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>商品</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>品类</translation>
    </message>
    <message>
      <source>Brand</source>
      <translation>品牌</translation>
    </message>
    <message>
      <source>Price ¥</source>
      <translation>单价 ¥</translation>
    </message>
    <message>
      <source>Qty</source>
      <translation>数量</translation>
    </message>
    <message>
      <source>+ Line</source>
      <translation>+ 添加一行</translation>
    </message>
    <message>
      <source>Remove line</source>
      <translation>删除行</translation>
    </message>
  </context>
  <context>
    <name>CameraPreview</name>
    <message>
      <source>No camera.
Use the scanner or type the code.</source>
      <translation>未连接摄像头。
请使用扫码枪或手动输入券码。</translation>
    </message>
    <message>
      <source>Starting the camera…</source>
      <translation>正在启动摄像头…</translation>
    </message>
    <message>
      <source>The camera is not working.
Use the scanner or type the code.</source>
      <translation>摄像头无法工作。
请使用扫码枪或手动输入券码。</translation>
    </message>
  </context>
  <context>
    <name>ConfirmBox</name>
    <message>
      <source>Manager</source>
      <translation>店长</translation>
    </message>
    <message>
      <source>Manager's name</source>
      <translation>店长姓名</translation>
    </message>
    <message>
      <source>PIN</source>
      <translation>PIN</translation>
    </message>
    <message>
      <source>Yes, reverse it</source>
      <translation>确定撤销</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>返回</translation>
    </message>
  </context>
  <context>
    <name>ConflictsView</name>
    <message>
      <source>No conflicts. Nothing to do.</source>
      <translation>没有冲突，无需处理。</translation>
    </message>
    <message>
      <source>Pick a conflict first.</source>
      <translation>请先选择一条冲突。</translation>
    </message>
    <message>
      <source>Done. The conflict is closed.</source>
      <translation>已处理，冲突已关闭。</translation>
    </message>
    <message>
      <source>Syncing with head office…</source>
      <translation>正在与总部同步…</translation>
    </message>
    <message>
      <source>Synced: {pushed} sent, {pulled} updates received.</source>
      <translation>同步完成：已上传 {pushed} 条，收到 {pulled} 条更新。</translation>
    </message>
    <message>
      <source>Conflict inbox</source>
      <translation>冲突收件箱</translation>
    </message>
    <message>
      <source>These write-offs were made while the till was offline, but head office did not accept them (for example, the coupon had been used elsewhere first). Decide for each one: collect the discount from the customer, or write it off as a loss.</source>
      <translation>以下核销是在收银台离线时完成的，但总部未予接受（例如该券已先在别处使用）。请逐条处理：向顾客收回优惠金额，或作为损失核销。</translation>
    </message>
    <message>
      <source>Written off</source>
      <translation>核销时间</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>券码</translation>
    </message>
    <message>
      <source>What happened</source>
      <translation>情况说明</translation>
    </message>
    <message>
      <source>Discount</source>
      <translation>优惠</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>收银员</translation>
    </message>
    <message>
      <source>Collected from customer</source>
      <translation>已向顾客收回</translation>
    </message>
    <message>
      <source>Accept as loss</source>
      <translation>作为损失处理</translation>
    </message>
    <message>
      <source>Sync now</source>
      <translation>立即同步</translation>
    </message>
  </context>
  <context>
    <name>DemoPanel</name>
    <message>
      <source>Demo vouchers</source>
      <translation>演示券</translation>
    </message>
    <message>
      <source>Click a code to hold it up to the camera. Some can be redeemed; the others show why not.</source>
      <translation>点击一个券码，相当于把它对准摄像头。有些可以核销，其他的会显示不能使用的原因。</translation>
    </message>
    <message>
      <source>Gift coupon</source>
      <translation>礼品券</translation>
    </message>
    <message>
      <source>Money off</source>
      <translation>满减券</translation>
    </message>
    <message>
      <source>Cash coupon</source>
      <translation>现金券</translation>
    </message>
    <message>
      <source>Tea only</source>
      <translation>仅限茶饮</translation>
    </message>
    <message>
      <source>Discount</source>
      <translation>折扣券</translation>
    </message>
    <message>
      <source>Signed</source>
      <translation>签名券</translation>
    </message>
    <message>
      <source>Expired</source>
      <translation>已过期</translation>
    </message>
    <message>
      <source>Already used</source>
      <translation>已使用</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>已作废</translation>
    </message>
    <message>
      <source>Other store</source>
      <translation>其他门店</translation>
    </message>
    <message>
      <source>Partner gift</source>
      <translation>异业礼品券</translation>
    </message>
    <message>
      <source>Order QR</source>
      <translation>订单二维码</translation>
    </message>
    <message>
      <source>Not a coupon</source>
      <translation>非券码</translation>
    </message>
    <message>
      <source>Forged</source>
      <translation>伪造券</translation>
    </message>
  </context>
  <context>
    <name>DiagnosticsCopier</name>
    <message>
      <source>Diagnostics copied. Paste them into your message to support.</source>
      <translation>诊断信息已复制。请粘贴到发给技术支持的消息中。</translation>
    </message>
    <message>
      <source>Could not gather the diagnostics: {error}</source>
      <translation>无法收集诊断信息：{error}</translation>
    </message>
  </context>
  <context>
    <name>HelpMenu</name>
    <message>
      <source>Help</source>
      <translation>帮助</translation>
    </message>
    <message>
      <source>About posapp</source>
      <translation>关于 posapp</translation>
    </message>
    <message>
      <source>Copy diagnostics</source>
      <translation>复制诊断信息</translation>
    </message>
  </context>
  <context>
    <name>HistoryView</name>
    <message>
      <source>{n} write-off(s), {discount} in discounts</source>
      <translation>共 {n} 笔核销，优惠合计 {discount}</translation>
    </message>
    <message>
      <source>Our write-offs (this merchant only)</source>
      <translation>本商家的核销记录</translation>
    </message>
    <message>
      <source>Write-offs on this till</source>
      <translation>本收银台的核销记录</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>券码</translation>
    </message>
    <message>
      <source>Coupon</source>
      <translation>券</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>收银员</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>Discount</source>
      <translation>优惠</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
  </context>
  <context>
    <name>LoginProblem</name>
    <message>
      <source>No active user {user} on this till. Check the name, or sync the till.</source>
      <translation>本收银台没有用户 {user}。请核对名称，或同步后再试。</translation>
    </message>
    <message>
      <source>Wrong PIN. {left} more tries before the account is locked for a while.</source>
      <translation>PIN 错误。再错 {left} 次账户将被暂时锁定。</translation>
    </message>
    <message>
      <source>Too many wrong PINs. Try again after {until}, or ask a manager.</source>
      <translation>PIN 错误次数过多，请在 {until} 之后再试，或联系店长。</translation>
    </message>
  </context>
  <context>
    <name>LoginView</name>
    <message>
      <source>Opening the till…</source>
      <translation>正在打开收银台…</translation>
    </message>
    <message>
      <source>Log in first, then scan the coupon again.</source>
      <translation>请先登录，再扫一次券。</translation>
    </message>
    <message>
      <source>Type your name and PIN.</source>
      <translation>请输入用户名和 PIN。</translation>
    </message>
    <message>
      <source>Opening the till… you are logged in as soon as it is.</source>
      <translation>收银台正在打开……打开后立即为你登录。</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>正在核验…</translation>
    </message>
    <message>
      <source>Coupon till</source>
      <translation>券核销收银台</translation>
    </message>
    <message>
      <source>Log in with your name and PIN</source>
      <translation>请用用户名和 PIN 登录</translation>
    </message>
    <message>
      <source>Switch user:</source>
      <translation>切换用户：</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>PIN</source>
      <translation>PIN</translation>
    </message>
    <message>
      <source>Your name</source>
      <translation>你的名字</translation>
    </message>
    <message>
      <source>Log in  (Enter)</source>
      <translation>登录  (Enter)</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Locked after a while without use. Log in again.</source>
      <translation>长时间未操作，已自动锁定，请重新登录。</translation>
    </message>
    <message>
      <source>Redeem  F1</source>
      <translation>核销  F1</translation>
    </message>
    <message>
      <source>Reverse  F2</source>
      <translation>撤销  F2</translation>
    </message>
    <message>
      <source>History  F3</source>
      <translation>记录  F3</translation>
    </message>
    <message>
      <source>Daily tally  F4</source>
      <translation>日结  F4</translation>
    </message>
    <message>
      <source>Conflicts  F5</source>
      <translation>冲突  F5</translation>
    </message>
    <message>
      <source>Settings  F6</source>
      <translation>设置  F6</translation>
    </message>
    <message>
      <source>Lock  F12</source>
      <translation>锁屏  F12</translation>
    </message>
    <message>
      <source>Lock the till, or switch user</source>
      <translation>锁定收银台，或切换用户</translation>
    </message>
    <message>
      <source>Partner merchant mode</source>
      <translation>异业商家模式</translation>
    </message>
    <message>
      <source>Coupon till</source>
      <translation>券核销收银台</translation>
    </message>
    <message>
      <source>{title} — demo</source>
      <translation>{title} — 演示</translation>
    </message>
  </context>
  <context>
    <name>OrderView</name>
    <message>
      <source>Looking up the order…</source>
      <translation>正在查询订单…</translation>
    </message>
    <message>
      <source>Yes, with the order total</source>
      <translation>可以，需填订单总额</translation>
    </message>
    <message>
      <source>✔ Yes</source>
      <translation>✔ 可以</translation>
    </message>
    <message>
      <source>This order has no vouchers.</source>
      <translation>该订单没有可用的券。</translation>
    </message>
    <message>
      <source>Tick the vouchers to write off.</source>
      <translation>请勾选要核销的券。</translation>
    </message>
    <message>
      <source>Type the order total like 128.50, or leave it empty.</source>
      <translation>请输入订单总额（例如 128.50），或留空。</translation>
    </message>
    <message>
      <source>Writing off…</source>
      <translation>正在核销…</translation>
    </message>
    <message>
      <source>{code} (hand over {items})</source>
      <translation>{code}（交付 {items}）</translation>
    </message>
    <message>
      <source>{code} ({discount} off)</source>
      <translation>{code}（减 {discount}）</translation>
    </message>
    <message>
      <source>Order {order}: {n} voucher(s) written off: {codes}.</source>
      <translation>订单 {order}：已核销 {n} 张券：{codes}。</translation>
    </message>
    <message>
      <source>Discount {discount}; customer pays {pay}.</source>
      <translation>优惠 {discount}；顾客应付 {pay}。</translation>
    </message>
    <message>
      <source>Order {order}: nothing was written off.</source>
      <translation>订单 {order}：没有核销任何券。</translation>
    </message>
    <message>
      <source>Not written off: {list}</source>
      <translation>未核销：{list}</translation>
    </message>
    <message>
      <source>Order {order}</source>
      <translation>订单 {order}</translation>
    </message>
    <message>
      <source>Use</source>
      <translation>使用</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>券码</translation>
    </message>
    <message>
      <source>Coupon</source>
      <translation>券</translation>
    </message>
    <message>
      <source>Can it be used?</source>
      <translation>能否使用</translation>
    </message>
    <message>
      <source>Order total ¥ (for discounts)</source>
      <translation>订单总额 ¥（折扣券需要）</translation>
    </message>
    <message>
      <source>Select all</source>
      <translation>全选</translation>
    </message>
    <message>
      <source>Write off selected</source>
      <translation>核销所选</translation>
    </message>
  </context>
  <context>
    <name>QuotePanel</name>
    <message>
      <source>Bill</source>
      <translation>账单</translation>
    </message>
    <message>
      <source>Coupon discount</source>
      <translation>券优惠</translation>
    </message>
    <message>
      <source>To pay</source>
      <translation>应付</translation>
    </message>
    <message>
      <source>Line</source>
      <translation>商品行</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Share of discount</source>
      <translation>分摊优惠</translation>
    </message>
  </context>
  <context>
    <name>Reason</name>
    <message>
      <source>Coupon {code} is not known here. Check the code, or sync the till and scan again.</source>
      <translation>券码 {code} 不存在。请核对券码，或同步后重新扫码。</translation>
    </message>
    <message>
      <source>Coupon {code} is not in this till's list, and the till is offline, so it cannot ask head office whether it is valid in another store. Check the code, or scan it again when the till is online.</source>
      <translation>本收银台的券列表里没有券码 {code}，而收银台当前离线，无法向总部确认它是否在其他门店有效。请核对券码，或在恢复在线后再扫一次。</translation>
    </message>
    <message>
      <source>Coupon {code} is a gift from a partner and can only be used there: {merchants}.</source>
      <translation>券码 {code} 是合作商户的礼品券，只能在该商户使用：{merchants}。</translation>
    </message>
    <message>
      <source>Code {code} has a typo (its check character does not match). Type it again.</source>
      <translation>券码 {code} 输入有误（校验位不符），请重新输入。</translation>
    </message>
    <message>
      <source>Coupon {code} has not been issued to a customer yet and cannot be used.</source>
      <translation>券码 {code} 尚未发放给顾客，不能使用。</translation>
    </message>
    <message>
      <source>Coupon {code} is not valid yet: it can be used from {start}.</source>
      <translation>券码 {code} 尚未生效，{start} 起可用。</translation>
    </message>
    <message>
      <source>Coupon {code} expired on {end}.</source>
      <translation>券码 {code} 已于 {end} 过期。</translation>
    </message>
    <message>
      <source>Coupon {code} was already redeemed at {store} on {when}.</source>
      <translation>券码 {code} 已于 {when} 在 {store} 核销。</translation>
    </message>
    <message>
      <source>Coupon {code} has been cancelled by head office and cannot be used.</source>
      <translation>券码 {code} 已被总部作废，不能使用。</translation>
    </message>
    <message>
      <source>Coupon {code} has been withdrawn by head office and cannot be used.</source>
      <translation>券码 {code} 已被总部撤销，不能使用。</translation>
    </message>
    <message>
      <source>Coupon {code} cannot be used in this store. It is valid at: {stores}.</source>
      <translation>券码 {code} 不能在本店使用，适用门店：{stores}。</translation>
    </message>
    <message>
      <source>Coupon {code} is not a gift coupon for this merchant.</source>
      <translation>券码 {code} 不是本商家可核销的礼品券。</translation>
    </message>
    <message>
      <source>Coupon {code} needs {threshold} of eligible items; {missing} more is needed.</source>
      <translation>券码 {code} 需满 {threshold} 方可使用，还差 {missing}。</translation>
    </message>
    <message>
      <source>Nothing on this bill counts towards coupon {code}.</source>
      <translation>本单没有适用券码 {code} 的商品。</translation>
    </message>
    <message>
      <source>Coupon {code} applies to some products only. Enter the bill's items, not just the total.</source>
      <translation>券码 {code} 仅限部分商品使用，请录入商品明细而非总额。</translation>
    </message>
    <message>
      <source>Coupon {code} takes money off a bill. Enter the bill first.</source>
      <translation>券码 {code} 需要结合订单使用，请先录入账单。</translation>
    </message>
    <message>
      <source>Coupon {code} cannot be combined with other promotions on this order.</source>
      <translation>券码 {code} 不能与本单其他优惠同时使用。</translation>
    </message>
    <message>
      <source>Only {limit} coupon(s) of this kind may be used on one order.</source>
      <translation>每单最多使用 {limit} 张此类券。</translation>
    </message>
    <message>
      <source>This is not a coupon code.</source>
      <translation>这不是有效的券码。</translation>
    </message>
    <message>
      <source>This voucher's signature is not valid. It may be forged; do not accept it.</source>
      <translation>该券签名无效，可能是伪造券，请勿核销。</translation>
    </message>
    <message>
      <source>This voucher was signed with a key this till does not know. Sync the till and scan again.</source>
      <translation>该券的签名密钥未知，请同步后重新扫码。</translation>
    </message>
    <message>
      <source>Order {order} was not found.</source>
      <translation>未找到订单 {order}。</translation>
    </message>
    <message>
      <source>The till is offline and this kind of coupon cannot be redeemed offline. Try again when online.</source>
      <translation>收银台离线，此类券不支持离线核销，请联网后再试。</translation>
    </message>
    <message>
      <source>The till has reached its offline limit ({limit}). Reconnect before redeeming more.</source>
      <translation>收银台已达离线核销上限（{limit}），请联网后再核销。</translation>
    </message>
    <message>
      <source>The till has not synced since {since}; offline redemption is stopped. Reconnect the till.</source>
      <translation>收银台自 {since} 起未同步，已暂停离线核销，请联网。</translation>
    </message>
    <message>
      <source>This write-off cannot be reversed: {why}.</source>
      <translation>该核销不能撤销：{why}。</translation>
    </message>
    <message>
      <source>Coupon {code} is not given back: the order was completed or goods were returned. The refund keeps the coupon's share ({kept}); refund {refund}.</source>
      <translation>订单已完成或已退货，券码 {code} 不予退还；退款扣除该券分摊的 {kept}，应退 {refund}。</translation>
    </message>
    <message>
      <source>Line {line} of this bill cannot be returned again: {returned} of {bought} unit(s) already came back.</source>
      <translation>本单第 {line} 行不能再次退货：已退 {returned}/{bought} 件。</translation>
    </message>
    <message>
      <source>Head office works out {expected} for coupon {code} on this bill, not {claimed}. The coupon was not written off there.</source>
      <translation>总部核算券码 {code} 在本单应为 {expected}，而非 {claimed}，未予核销。</translation>
    </message>
    <message>
      <source>No member {member} is known here. Check the number, or scan the member's code.</source>
      <translation>未找到会员 {member}。请核对号码，或扫描会员码。</translation>
    </message>
    <message>
      <source>The till is offline and cannot look up a phone number. Scan the member's code or type the member ID.</source>
      <translation>收银台离线，无法按手机号查找会员。请扫描会员码或输入会员号。</translation>
    </message>
    <message>
      <source>The discount cannot be spread that way: {why}.</source>
      <translation>优惠不能这样分摊：{why}。</translation>
    </message>
    <message>
      <source>This coupon's rules changed at head office since the till last synced. Sync the till and scan the coupon again.</source>
      <translation>总部已修改该券的规则，本收银台尚未同步。请同步后重新扫码。</translation>
    </message>
    <message>
      <source>Coupon {code} was written off on {when}, longer ago than a till may work offline. Head office did not record it.</source>
      <translation>券码 {code} 的核销时间 {when} 早于离线核销的时限，总部未予记录。</translation>
    </message>
  </context>
  <context>
    <name>RedeemView</name>
    <message>
      <source>Still writing off the last coupon; scan again.</source>
      <translation>上一张券正在核销，请稍后再扫。</translation>
    </message>
    <message>
      <source>The till could not check this code: {error}</source>
      <translation>收银台无法核验此券码：{error}</translation>
    </message>
    <message>
      <source>Writing off…</source>
      <translation>正在核销…</translation>
    </message>
    <message>
      <source>Coupon {code} written off. Hand over: {items}.</source>
      <translation>券 {code} 已核销。请交付：{items}。</translation>
    </message>
    <message>
      <source>Coupon {code} written off. Discount {discount}; customer pays {pay}.</source>
      <translation>券 {code} 已核销。优惠 {discount}，顾客应付 {pay}。</translation>
    </message>
    <message>
      <source>Coupon {code} written off.</source>
      <translation>券 {code} 已核销。</translation>
    </message>
    <message>
      <source>(Offline: it will be sent when the till is back online.)</source>
      <translation>（离线：联网后将自动上传。）</translation>
    </message>
    <message>
      <source>Not written off: {error}. Nothing was recorded; try again.</source>
      <translation>未核销：{error}。未记录任何数据，请重试。</translation>
    </message>
    <message>
      <source>Hand over and write off  (Enter)</source>
      <translation>交付礼品并核销  (Enter)</translation>
    </message>
    <message>
      <source>Write off coupon  (Enter)</source>
      <translation>核销此券  (Enter)</translation>
    </message>
    <message>
      <source>Reading the picture…</source>
      <translation>正在识别图片…</translation>
    </message>
    <message>
      <source>Next code in the picture ({n})  F7</source>
      <translation>图片中的下一个券码（{n}）  F7</translation>
    </message>
    <message>
      <source>No QR code found in that picture. Try a sharper picture, or type the code.</source>
      <translation>图片中没有找到二维码。请换一张更清晰的图片，或手动输入券码。</translation>
    </message>
    <message>
      <source>That picture cannot be read: {error}. Try another one, or type the code.</source>
      <translation>无法读取该图片：{error}。请换一张，或手动输入券码。</translation>
    </message>
    <message>
      <source>Camera and scanner are always on. F9 writes off, Esc clears. Drop a picture of a QR code anywhere here.</source>
      <translation>摄像头和扫码枪始终开启。F9 核销，Esc 清空。可将二维码图片拖到此处。</translation>
    </message>
    <message>
      <source>Clear  (Esc)</source>
      <translation>清空  (Esc)</translation>
    </message>
  </context>
  <context>
    <name>ResyncNotice</name>
    <message>
      <source>Head office's coupon service was restored from a backup. This till has reloaded its coupons from it; write-offs waiting to be sent are kept and will be sent.</source>
      <translation>总部券服务已从备份恢复。本收银台已重新载入券数据；待上传的核销记录已保留，稍后上传。</translation>
    </message>
    <message>
      <source>Head office's coupon service now runs on another database (restored or replaced). This till has reloaded its coupons from it; write-offs waiting to be sent are kept and will be sent.</source>
      <translation>总部券服务已换用另一数据库（恢复或更换）。本收银台已重新载入券数据；待上传的核销记录已保留，稍后上传。</translation>
    </message>
    <message>
      <source>This till's place in head office's updates could not be used, so it has reloaded its coupons from the coupon service; write-offs waiting to be sent are kept and will be sent.</source>
      <translation>本收银台的同步位置无法继续使用，已从券服务重新载入券数据；待上传的核销记录已保留，稍后上传。</translation>
    </message>
    <message>
      <source>This till is reloading its coupons from head office's coupon service, whose database was restored or replaced. Write-offs waiting to be sent are kept.</source>
      <translation>总部券服务的数据库已恢复或更换，本收银台正在重新载入券数据。待上传的核销记录已保留。</translation>
    </message>
  </context>
  <context>
    <name>ReturnLines</name>
    <message>
      <source>Back now</source>
      <translation>本次退回</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>商品</translation>
    </message>
    <message>
      <source>Bought</source>
      <translation>购买数量</translation>
    </message>
    <message>
      <source>Back before</source>
      <translation>此前已退</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
  </context>
  <context>
    <name>ReversalView</name>
    <message>
      <source>No write-off of this coupon today on this till.</source>
      <translation>本收银台今天没有这张券的核销记录。</translation>
    </message>
    <message>
      <source>Pick the write-off to reverse first.</source>
      <translation>请先选择要撤销的核销记录。</translation>
    </message>
    <message>
      <source>Tick the items that come back first.</source>
      <translation>请先勾选退回的商品。</translation>
    </message>
    <message>
      <source>Coupon {code} ({what}, {amount})</source>
      <translation>券 {code}（{what}，{amount}）</translation>
    </message>
    <message>
      <source>{n} item(s) come back; the coupon stays used and keeps their share.</source>
      <translation>退回 {n} 件商品；券仍为已用，保留这些商品分摊的优惠。</translation>
    </message>
    <message>
      <source>The order was completed: the coupon stays used.</source>
      <translation>订单已完成：券仍为已用。</translation>
    </message>
    <message>
      <source>The order is cancelled: the coupon is given back to the customer.</source>
      <translation>订单已取消：券退还给顾客。</translation>
    </message>
    <message>
      <source>A manager confirms with name and PIN.</source>
      <translation>需由店长输入姓名和 PIN 确认。</translation>
    </message>
    <message>
      <source>Reverse it?</source>
      <translation>确定撤销吗？</translation>
    </message>
    <message>
      <source>Asking head office…</source>
      <translation>正在请求总部…</translation>
    </message>
    <message>
      <source>That manager name and PIN do not match. Nothing reversed.</source>
      <translation>店长姓名与 PIN 不符。未撤销。</translation>
    </message>
    <message>
      <source>Only a manager can confirm this. Nothing reversed.</source>
      <translation>只有店长可以确认。未撤销。</translation>
    </message>
    <message>
      <source>Reversed: the coupon is given back to the customer.</source>
      <translation>已撤销：券已退还给顾客。</translation>
    </message>
    <message>
      <source>The coupon stays used (the order was completed). Discount kept on returned items: {amount}.</source>
      <translation>券保持已使用（订单已完成）。退货商品分摊的优惠：{amount}。</translation>
    </message>
    <message>
      <source>Reversal recorded; it will be sent when the till is back online.</source>
      <translation>撤销已记录，联网后将自动上传。</translation>
    </message>
    <message>
      <source>Not reversed: {error}</source>
      <translation>未撤销：{error}</translation>
    </message>
    <message>
      <source>Reverse a write-off</source>
      <translation>撤销核销</translation>
    </message>
    <message>
      <source>Order cancelled before it was completed: the coupon is given back if it is still valid. Order completed, or goods returned: the coupon stays used and the returned items keep their share of the discount.</source>
      <translation>订单在完成前取消：券仍在有效期内则退还。订单已完成或发生退货：券不退还，退货商品保留其分摊的优惠。</translation>
    </message>
    <message>
      <source>Find by coupon code or order number</source>
      <translation>按券码或订单号查找</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>券码</translation>
    </message>
    <message>
      <source>Coupon</source>
      <translation>券</translation>
    </message>
    <message>
      <source>Discount</source>
      <translation>优惠</translation>
    </message>
    <message>
      <source>Order</source>
      <translation>订单</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Order cancelled</source>
      <translation>订单取消</translation>
    </message>
    <message>
      <source>Goods returned</source>
      <translation>退货</translation>
    </message>
    <message>
      <source>Order was already completed</source>
      <translation>订单已完成</translation>
    </message>
    <message>
      <source>Items coming back (goods returned):</source>
      <translation>退回的商品（退货时）：</translation>
    </message>
    <message>
      <source>Reverse the write-off…</source>
      <translation>撤销核销……</translation>
    </message>
  </context>
  <context>
    <name>ScanInput</name>
    <message>
      <source>The check character does not match: look for a typo.</source>
      <translation>校验位不符，请检查是否输错。</translation>
    </message>
    <message>
      <source>Scan or type a code</source>
      <translation>扫码或输入券码</translation>
    </message>
    <message>
      <source>Scan, or type a coupon code and press Enter</source>
      <translation>扫码，或输入券码后按 Enter</translation>
    </message>
  </context>
  <context>
    <name>SettingsView</name>
    <message>
      <source>{hour}:00, set by head office for the store</source>
      <translation>{hour}:00，由总部为本店设定</translation>
    </message>
    <message>
      <source>set by head office for the store</source>
      <translation>由总部为本店设定</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
    <message>
      <source>Type the server address and the device token.</source>
      <translation>请输入服务器地址和设备令牌。</translation>
    </message>
    <message>
      <source>Registering…</source>
      <translation>正在注册…</translation>
    </message>
    <message>
      <source>Not registered: {error}</source>
      <translation>注册失败：{error}</translation>
    </message>
    <message>
      <source>Registered. The till is syncing.</source>
      <translation>注册成功，收银台正在同步。</translation>
    </message>
    <message>
      <source>Head office connection</source>
      <translation>总部连接</translation>
    </message>
    <message>
      <source>Server address</source>
      <translation>服务器地址</translation>
    </message>
    <message>
      <source>Device token</source>
      <translation>设备令牌</translation>
    </message>
    <message>
      <source>shown once when the till is created</source>
      <translation>创建收银台时仅显示一次</translation>
    </message>
    <message>
      <source>Register this till</source>
      <translation>注册本收银台</translation>
    </message>
    <message>
      <source>This till</source>
      <translation>本收银台</translation>
    </message>
    <message>
      <source>Camera</source>
      <translation>摄像头</translation>
    </message>
    <message>
      <source>No camera, a camera number (0, 1, …), or a folder of pictures</source>
      <translation>不用摄像头、摄像头编号（0、1……）或图片文件夹</translation>
    </message>
    <message>
      <source>No camera</source>
      <translation>不用摄像头</translation>
    </message>
    <message>
      <source>Scanner prefix</source>
      <translation>扫码枪前缀</translation>
    </message>
    <message>
      <source>Scanner suffix</source>
      <translation>扫码枪后缀</translation>
    </message>
    <message>
      <source>What the USB scanner sends after a code, e.g. \r for Enter</source>
      <translation>USB 扫码枪在券码后发送的字符，例如 \r 表示回车</translation>
    </message>
    <message>
      <source>Business day starts at</source>
      <translation>营业日开始于</translation>
    </message>
    <message>
      <source>Lock after idle (seconds)</source>
      <translation>空闲自动锁定（秒）</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>System default</source>
      <translation>跟随系统</translation>
    </message>
    <message>
      <source>Save settings</source>
      <translation>保存设置</translation>
    </message>
  </context>
  <context>
    <name>TallyView</name>
    <message>
      <source>{n} write-off(s) · {discount} discount · {confirmed} confirmed, {pending} waiting to send, {conflicted} in conflict, {reversed} reversed</source>
      <translation>共 {n} 笔核销 · 优惠 {discount} · 已确认 {confirmed}，待上传 {pending}，冲突 {conflicted}，已撤销 {reversed}</translation>
    </message>
    <message>
      <source>Export the tally</source>
      <translation>导出日结</translation>
    </message>
    <message>
      <source>Exported to {path}</source>
      <translation>已导出到 {path}</translation>
    </message>
    <message>
      <source>Export failed: {error}</source>
      <translation>导出失败：{error}</translation>
    </message>
    <message>
      <source>Daily tally</source>
      <translation>日结</translation>
    </message>
    <message>
      <source>by</source>
      <translation>按</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Coupon</source>
      <translation>券</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>收银员</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>Hour</source>
      <translation>小时</translation>
    </message>
    <message>
      <source>Count</source>
      <translation>笔数</translation>
    </message>
    <message>
      <source>Discount ¥</source>
      <translation>优惠 ¥</translation>
    </message>
    <message>
      <source>Export CSV…</source>
      <translation>导出 CSV…</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Group</source>
      <translation>分组</translation>
    </message>
    <message>
      <source>Confirmed</source>
      <translation>已确认</translation>
    </message>
    <message>
      <source>Waiting</source>
      <translation>待上传</translation>
    </message>
    <message>
      <source>Conflict</source>
      <translation>冲突</translation>
    </message>
    <message>
      <source>Reversed</source>
      <translation>已撤销</translation>
    </message>
    <message>
      <source>Written off</source>
      <translation>核销笔数</translation>
    </message>
    <message>
      <source>Discount</source>
      <translation>优惠</translation>
    </message>
    <message>
      <source>Coupon value</source>
      <translation>券价值</translation>
    </message>
    <message>
      <source>No write-offs on this day yet.</source>
      <translation>当天还没有核销记录。</translation>
    </message>
  </context>
  <context>
    <name>Texts</name>
    <message>
      <source>Gift coupon</source>
      <translation>礼品券</translation>
    </message>
    <message>
      <source>Discount coupon</source>
      <translation>折扣券</translation>
    </message>
    <message>
      <source>Money-off coupon</source>
      <translation>满减券</translation>
    </message>
    <message>
      <source>Cash coupon</source>
      <translation>现金券</translation>
    </message>
    <message>
      <source>gift worth {value}</source>
      <translation>礼品价值 {value}</translation>
    </message>
    <message>
      <source>Cashier</source>
      <translation>收银员</translation>
    </message>
    <message>
      <source>Manager</source>
      <translation>店长</translation>
    </message>
    <message>
      <source>Partner merchant</source>
      <translation>异业商家</translation>
    </message>
    <message>
      <source>In store</source>
      <translation>门店</translation>
    </message>
    <message>
      <source>Partner</source>
      <translation>异业商家</translation>
    </message>
    <message>
      <source>Phone order</source>
      <translation>电话订单</translation>
    </message>
    <message>
      <source>Confirmed</source>
      <translation>已确认</translation>
    </message>
    <message>
      <source>Waiting to send</source>
      <translation>待上传</translation>
    </message>
    <message>
      <source>Conflict</source>
      <translation>冲突</translation>
    </message>
    <message>
      <source>Rejected</source>
      <translation>被拒绝</translation>
    </message>
    <message>
      <source>Refused</source>
      <translation>被拒绝</translation>
    </message>
    <message>
      <source>Reversed</source>
      <translation>已撤销</translation>
    </message>
    <message>
      <source>¥{amount}</source>
      <translation>¥{amount}</translation>
    </message>
    <message>
      <source>{pct}% off</source>
      <translation>{zhe}折</translation>
    </message>
    <message>
      <source>never</source>
      <translation>从未同步</translation>
    </message>
    <message>
      <source>just now</source>
      <translation>刚刚</translation>
    </message>
    <message>
      <source>{n} min</source>
      <translation>{n} 分钟</translation>
    </message>
    <message>
      <source>{n} h</source>
      <translation>{n} 小时</translation>
    </message>
    <message>
      <source>{n} d</source>
      <translation>{n} 天</translation>
    </message>
  </context>
  <context>
    <name>TillStatusBar</name>
    <message>
      <source>● Online</source>
      <translation>● 在线</translation>
    </message>
    <message>
      <source>● Offline</source>
      <translation>● 离线</translation>
    </message>
    <message>
      <source>● Starting…</source>
      <translation>● 启动中…</translation>
    </message>
    <message>
      <source>Till not registered</source>
      <translation>收银台未注册</translation>
    </message>
    <message>
      <source>Cache: {age}</source>
      <translation>缓存：{age}</translation>
    </message>
    <message>
      <source>Queued: {n}</source>
      <translation>待上传：{n}</translation>
    </message>
    <message>
      <source>Conflicts: {n}</source>
      <translation>冲突：{n}</translation>
    </message>
    <message>
      <source>Nobody logged in</source>
      <translation>未登录</translation>
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
      <translation>请扫码</translation>
    </message>
    <message>
      <source>Scan a coupon or an order QR code, or type the code and press Enter. You can also drop a picture of the QR code here.</source>
      <translation>扫描券码或订单二维码，或输入券码后按 Enter。也可以把二维码图片拖到这里。</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>正在核验…</translation>
    </message>
    <message>
      <source>✔ Redeemed</source>
      <translation>✔ 核销成功</translation>
    </message>
    <message>
      <source>✘ Cannot be used</source>
      <translation>✘ 不能使用</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>券码</translation>
    </message>
    <message>
      <source>{missing} more needed</source>
      <translation>还差 {missing}</translation>
    </message>
    <message>
      <source>Not on this bill · {kind}</source>
      <translation>本单不适用 · {kind}</translation>
    </message>
    <message>
      <source>✔ Valid · {kind}</source>
      <translation>✔ 可以使用 · {kind}</translation>
    </message>
    <message>
      <source>{qty} × {name}</source>
      <translation>{qty} × {name}</translation>
    </message>
    <message>
      <source>Hand over: {items}</source>
      <translation>请交付：{items}</translation>
    </message>
    <message>
      <source>{off}, at most {cap}</source>
      <translation>{off}，最多优惠 {cap}</translation>
    </message>
    <message>
      <source>{value} off</source>
      <translation>减 {value}</translation>
    </message>
    <message>
      <source>{value} cash coupon</source>
      <translation>{value} 现金券</translation>
    </message>
    <message>
      <source>{what} when spending {threshold}</source>
      <translation>满 {threshold} {what}</translation>
    </message>
    <message>
      <source>{n} items</source>
      <translation>{n} 件</translation>
    </message>
    <message>
      <source>{n} g</source>
      <translation>{n} 克</translation>
    </message>
    <message>
      <source>Coupon</source>
      <translation>券</translation>
    </message>
    <message>
      <source>Rule</source>
      <translation>规则</translation>
    </message>
    <message>
      <source>Valid</source>
      <translation>有效期</translation>
    </message>
    <message>
      <source>Where</source>
      <translation>适用门店</translation>
    </message>
    <message>
      <source>Products</source>
      <translation>适用商品</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>使用说明</translation>
    </message>
    <message>
      <source>No end date</source>
      <translation>长期有效</translation>
    </message>
    <message>
      <source>until {end}</source>
      <translation>至 {end}</translation>
    </message>
    <message>
      <source>from {start}</source>
      <translation>{start} 起</translation>
    </message>
    <message>
      <source>{start} to {end}</source>
      <translation>{start} 至 {end}</translation>
    </message>
    <message>
      <source>all our stores</source>
      <translation>全部门店</translation>
    </message>
    <message>
      <source>{n} other store(s)</source>
      <translation>其他 {n} 家门店</translation>
    </message>
    <message>
      <source>{n} partner merchant(s)</source>
      <translation>{n} 家合作商户</translation>
    </message>
  </context>
</TS>