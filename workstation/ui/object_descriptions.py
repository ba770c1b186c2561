"""Accessible descriptions of the published object names, generated from the README's automation
table by ``scripts/write_object_descriptions.py`` (do not edit by hand). Qt-free.
"""

from __future__ import annotations

DESCRIPTIONS: dict[str, str] = {
    'MainWindow': 'Main Window: the Mosaic main window',
    'menuBar': 'Menu Bar: the menu bar and its menus',
    'menuFile': 'Menu File: the menu bar and its menus',
    'menuAccount': 'Menu Account: the menu bar and its menus',
    'menuNewWindow': 'Menu New Window: the menu bar and its menus',
    'menuHelp': 'Menu Help: the menu bar and its menus',
    'actionResetDatabase': 'Action Reset Database: File menu actions',
    'actionExit': 'Action Exit: File menu actions',
    'actionAccountWindow': 'Action Account Window: Account -> Account Window',
    'actionCreatePartition': (
        'Action Create Partition: Account -> Create a Partition with an Advisor (disabled for advisor '
        'logins, with the reason in its tooltip)'
    ),
    'actionTransfers': (
        'Action Transfers: Account -> Transfers (Fund and Position Transfers with a partition, Deposit, '
        'Withdraw)'
    ),
    'actionStatements': 'Action Statements: Account -> Statements (activity statements as HTML, PDF or CSV)',
    'actionNewWatchlist': 'Action New Watchlist: New Window -> Watchlist (a new tab in the Monitor)',
    'actionShowMonitor': 'Action Show Monitor: New Window: show a panel again after it was closed',
    'actionShowOrderEntry': 'Action Show Order Entry: New Window: show a panel again after it was closed',
    'actionShowActivity': 'Action Show Activity: New Window: show a panel again after it was closed',
    'actionShowChart': 'Action Show Chart: New Window: show a panel again after it was closed',
    'actionAbout': 'Action About: Help -> About',
    'mainToolBar': 'Main Tool Bar: the toolbar and its New Window button',
    'toolNewWindow': 'Tool New Window: the toolbar and its New Window button',
    'statusBar': 'Status Bar: the status bar and its fields',
    'statusClock': 'Status Clock: the status bar and its fields',
    'statusMarketState': 'Status Market State: the status bar and its fields',
    'statusUser': 'Status User: the status bar and its fields',
    'statusAccount': 'Status Account: the status bar and its fields',
    'statusPartition': (
        'Status Partition: the pending partition request and when it opens (hidden when none is pending)'
    ),
    'engineHaltedBanner': (
        'Engine Halted Banner: the red bar shown once when the engine stops after a fault (for example a '
        'journal write that did not reach the disk): the reason and what to do; the market clock stops and '
        'the panels and Account menu take no more input (hidden while the engine runs)'
    ),
    'engineHaltedMessage': (
        'Engine Halted Message: the red bar shown once when the engine stops after a fault (for example a '
        'journal write that did not reach the disk): the reason and what to do; the market clock stops and '
        'the panels and Account menu take no more input (hidden while the engine runs)'
    ),
    'monitorDock': 'Monitor Dock: the Monitor: a Portfolio tab, then a tab per watchlist',
    'MonitorPanel': 'Monitor Panel: the Monitor: a Portfolio tab, then a tab per watchlist',
    'monitorTabs': 'Monitor Tabs: the Monitor: a Portfolio tab, then a tab per watchlist',
    'portfolioPage': (
        'Portfolio Page: the Portfolio tab: its account and positions (Position, Avg Price, Avg Cost, Last, '
        'Market Value, Unrealized, Realized and Daily P&L)'
    ),
    'portfolioAccount': (
        'Portfolio Account: the Portfolio tab: its account and positions (Position, Avg Price, Avg Cost, '
        'Last, Market Value, Unrealized, Realized and Daily P&L)'
    ),
    'portfolioTable': (
        'Portfolio Table: the Portfolio tab: its account and positions (Position, Avg Price, Avg Cost, '
        'Last, Market Value, Unrealized, Realized and Daily P&L)'
    ),
    'watchlistPanel': 'Watchlist Panel: a watchlist tab (a second one is watchlistPanel2, ...)',
    'watchlistTable': 'Watchlist Table: a watchlist tab (a second one is watchlistPanel2, ...)',
    'watchlistSymbolInput': 'Watchlist Symbol Input: a watchlist tab (a second one is watchlistPanel2, ...)',
    'actionRemoveSymbol': 'Action Remove Symbol: a watchlist tab (a second one is watchlistPanel2, ...)',
    'watchlistMessage': (
        'Watchlist Message: why Enter added nothing ("No contract found for \'XYZ\'", or several match), also '
        "the input's tooltip; hidden once the text changes"
    ),
    'orderEntryDock': (
        'Order Entry Dock: Order Entry (its background is blue to buy, red to sell: property side)'
    ),
    'OrderEntryPanel': (
        'Order Entry Panel: Order Entry (its background is blue to buy, red to sell: property side)'
    ),
    'orderSymbol': "Order Symbol: symbol input (with completion), the contract's name, bid/ask/last",
    'orderDescription': (
        "Order Description: symbol input (with completion), the contract's name, bid/ask/last"
    ),
    'orderQuote': "Order Quote: symbol input (with completion), the contract's name, bid/ask/last",
    'orderBuy': (
        "Order Buy: the ticket's fields (orderQuantity takes the % change when the method is PctChange)"
    ),
    'orderSell': (
        "Order Sell: the ticket's fields (orderQuantity takes the % change when the method is PctChange)"
    ),
    'orderQuantity': (
        "Order Quantity: the ticket's fields (orderQuantity takes the % change when the method is "
        'PctChange)'
    ),
    'orderType': (
        "Order Type: the ticket's fields (orderQuantity takes the % change when the method is PctChange)"
    ),
    'orderLimitPrice': (
        "Order Limit Price: the ticket's fields (orderQuantity takes the % change when the method is "
        'PctChange)'
    ),
    'orderStopPrice': (
        "Order Stop Price: the ticket's fields (orderQuantity takes the % change when the method is "
        'PctChange)'
    ),
    'orderTif': (
        "Order Tif: the ticket's fields (orderQuantity takes the % change when the method is PctChange)"
    ),
    'orderOutsideRth': (
        "Order Outside Rth: the ticket's fields (orderQuantity takes the % change when the method is "
        'PctChange)'
    ),
    'orderPriceBid': 'Order Price Bid: the limit-price helpers',
    'orderPriceMid': 'Order Price Mid: the limit-price helpers',
    'orderPriceAsk': 'Order Price Ask: the limit-price helpers',
    'orderAllocation': (
        "Order Allocation: an advisor's groups, models, All (hidden above 50 accounts) and clients; the "
        'method override'
    ),
    'orderAllocationMethod': (
        "Order Allocation Method: an advisor's groups, models, All (hidden above 50 accounts) and clients; "
        'the method override'
    ),
    'orderMessage': (
        "Order Message: the ticket's message (a bad field is named by its label, e.g. Limit price: ...; the "
        'field gets property invalid; cleared when the ticket changes), Submit, Check Margin. An unknown or '
        "cleared symbol clears the contract's name and quote. Every window shows the engine's refusals "
        "(field: reason) with the field's label, from one mapping (workstation/ui/field_labels.py)"
    ),
    'orderSubmit': (
        "Order Submit: the ticket's message (a bad field is named by its label, e.g. Limit price: ...; the "
        'field gets property invalid; cleared when the ticket changes), Submit, Check Margin. An unknown or '
        "cleared symbol clears the contract's name and quote. Every window shows the engine's refusals "
        "(field: reason) with the field's label, from one mapping (workstation/ui/field_labels.py)"
    ),
    'orderCheckMargin': (
        "Order Check Margin: the ticket's message (a bad field is named by its label, e.g. Limit price: "
        '...; the field gets property invalid; cleared when the ticket changes), Submit, Check Margin. An '
        "unknown or cleared symbol clears the contract's name and quote. Every window shows the engine's "
        "refusals (field: reason) with the field's label, from one mapping (workstation/ui/field_labels.py)"
    ),
    'orderProfileEdit': (
        'Order Profile Edit: advisor logins: the inline profile editor (accounts and amounts for this order '
        "only, checked as typed by the engine's group rules; a hint until something is typed); OK puts "
        '"Inline profile (...)" in Allocation, whose method then fixes orderAllocationMethod (a method that '
        'ignores amounts, such as Equal, is refused on it)'
    ),
    'InlineProfileDialog': (
        'Inline Profile Dialog: advisor logins: the inline profile editor (accounts and amounts for this '
        "order only, checked as typed by the engine's group rules; a hint until something is typed); OK "
        'puts "Inline profile (...)" in Allocation, whose method then fixes orderAllocationMethod (a method '
        'that ignores amounts, such as Equal, is refused on it)'
    ),
    'inlineProfileMethod': (
        'Inline Profile Method: advisor logins: the inline profile editor (accounts and amounts for this '
        "order only, checked as typed by the engine's group rules; a hint until something is typed); OK "
        'puts "Inline profile (...)" in Allocation, whose method then fixes orderAllocationMethod (a method '
        'that ignores amounts, such as Equal, is refused on it)'
    ),
    'inlineProfileMembers': (
        'Inline Profile Members: advisor logins: the inline profile editor (accounts and amounts for this '
        "order only, checked as typed by the engine's group rules; a hint until something is typed); OK "
        'puts "Inline profile (...)" in Allocation, whose method then fixes orderAllocationMethod (a method '
        'that ignores amounts, such as Equal, is refused on it)'
    ),
    'inlineProfileMessage': (
        'Inline Profile Message: advisor logins: the inline profile editor (accounts and amounts for this '
        "order only, checked as typed by the engine's group rules; a hint until something is typed); OK "
        'puts "Inline profile (...)" in Allocation, whose method then fixes orderAllocationMethod (a method '
        'that ignores amounts, such as Equal, is refused on it)'
    ),
    'inlineProfileOk': (
        'Inline Profile Ok: advisor logins: the inline profile editor (accounts and amounts for this order '
        "only, checked as typed by the engine's group rules; a hint until something is typed); OK puts "
        '"Inline profile (...)" in Allocation, whose method then fixes orderAllocationMethod (a method that '
        'ignores amounts, such as Equal, is refused on it)'
    ),
    'orderSave': "Order Save: Save: stage the order to transmit later from Activity's Staged page",
    'orderModifying': (
        "Order Modifying: modify mode (from an order line's Modify): the banner naming the order, and the "
        'button back to a new order'
    ),
    'orderCancelModify': (
        "Order Cancel Modify: modify mode (from an order line's Modify): the banner naming the order, and "
        'the button back to a new order'
    ),
    'orderConfirmDialog': (
        "Order Confirm Dialog: Submit's confirmation: the order in words, then the engine's what-if (value, "
        "commission estimate, initial and maintenance margin change, each account's for an advisor order); "
        'Transmit (Override and Transmit with precautionary warnings) or Cancel'
    ),
    'orderTransmit': (
        "Order Transmit: Submit's confirmation: the order in words, then the engine's what-if (value, "
        "commission estimate, initial and maintenance margin change, each account's for an advisor order); "
        'Transmit (Override and Transmit with precautionary warnings) or Cancel'
    ),
    'OrderPreviewDialog': (
        'Order Preview Dialog: Order Preview: the order and its commission (min-max when it can vary)'
    ),
    'previewDescription': (
        'Preview Description: Order Preview: the order and its commission (min-max when it can vary)'
    ),
    'previewCommission': (
        'Preview Commission: Order Preview: the order and its commission (min-max when it can vary)'
    ),
    'previewMarginTable': (
        'Preview Margin Table: Margin Impact (Current, Change, Post-Trade; a Change that costs the account, '
        "more margin or a higher fee, is amber, relief and more equity green), each account's share of an "
        'advisor order, warnings'
    ),
    'previewAllocationTable': (
        'Preview Allocation Table: Margin Impact (Current, Change, Post-Trade; a Change that costs the '
        "account, more margin or a higher fee, is amber, relief and more equity green), each account's "
        'share of an advisor order, warnings'
    ),
    'previewWarnings': (
        'Preview Warnings: Margin Impact (Current, Change, Post-Trade; a Change that costs the account, '
        "more margin or a higher fee, is amber, relief and more equity green), each account's share of an "
        'advisor order, warnings'
    ),
    'previewCheckExposureFee': (
        'Preview Check Exposure Fee: Check Exposure Fee Impact (disabled, with the reason in its tooltip, '
        'when not offered), the fee by product class, Transmit, Close'
    ),
    'previewExposureFeeTable': (
        'Preview Exposure Fee Table: Check Exposure Fee Impact (disabled, with the reason in its tooltip, '
        'when not offered), the fee by product class, Transmit, Close'
    ),
    'previewTransmit': (
        'Preview Transmit: Check Exposure Fee Impact (disabled, with the reason in its tooltip, when not '
        'offered), the fee by product class, Transmit, Close'
    ),
    'previewClose': (
        'Preview Close: Check Exposure Fee Impact (disabled, with the reason in its tooltip, when not '
        'offered), the fee by product class, Transmit, Close'
    ),
    'activityDock': 'Activity Dock: Activity: Orders, Staged (N), Trades, Trades Summary, Log',
    'ActivityPanel': 'Activity Panel: Activity: Orders, Staged (N), Trades, Trades Summary, Log',
    'activityTabs': 'Activity Tabs: Activity: Orders, Staged (N), Trades, Trades Summary, Log',
    'activityAccount': (
        'Activity Account: which accounts Activity shows: all, one, a partition, or a parent and its '
        'partition combined'
    ),
    'activityOrdersFilter': (
        "Activity Orders Filter: the order lines (All, Working, Filled, Cancelled) and an advisor order's "
        'accounts (desired, allowed, filled, fill ratio). An order the engine refused is listed too, '
        "Inactive with the reason in the line's tooltip (and in the Log), under Cancelled: its key is a "
        'negative number (Engine.rejected_orders, -1, -2, ...; no Order Id shown), and it lasts for the '
        'session, as in TWS'
    ),
    'activityOrdersTable': (
        "Activity Orders Table: the order lines (All, Working, Filled, Cancelled) and an advisor order's "
        'accounts (desired, allowed, filled, fill ratio). An order the engine refused is listed too, '
        "Inactive with the reason in the line's tooltip (and in the Log), under Cancelled: its key is a "
        'negative number (Engine.rejected_orders, -1, -2, ...; no Order Id shown), and it lasts for the '
        'session, as in TWS'
    ),
    'activityAllocationTable': (
        'Activity Allocation Table: the order lines (All, Working, Filled, Cancelled) and an advisor '
        "order's accounts (desired, allowed, filled, fill ratio). An order the engine refused is listed "
        "too, Inactive with the reason in the line's tooltip (and in the Log), under Cancelled: its key is "
        'a negative number (Engine.rejected_orders, -1, -2, ...; no Order Id shown), and it lasts for the '
        'session, as in TWS'
    ),
    'actionPreviewOrder': "Action Preview Order: an order line's context menu",
    'actionModifyOrder': "Action Modify Order: an order line's context menu",
    'actionCancelOrder': "Action Cancel Order: an order line's context menu",
    'activityTradesTable': (
        'Activity Trades Table: executions; engine messages, rejections and liquidations. On a long history '
        "Orders lists the newest 500 orders and reads older ones as it is scrolled down (Qt's "
        'canFetchMore/fetchMore), and Trades opens at the newest 1,000 executions and reads older ones as '
        'it is scrolled to its top: everything stays listed, read as it is looked at (TWS itself lists only '
        'recent activity)'
    ),
    'activityLog': (
        'Activity Log: executions; engine messages, rejections and liquidations. On a long history Orders '
        "lists the newest 500 orders and reads older ones as it is scrolled down (Qt's "
        'canFetchMore/fetchMore), and Trades opens at the newest 1,000 executions and reads older ones as '
        'it is scrolled to its top: everything stays listed, read as it is looked at (TWS itself lists only '
        'recent activity)'
    ),
    'activityTradesSummaryTable': (
        'Activity Trades Summary Table: Trades Summary: per symbol and side, quantity, average price, '
        'commission'
    ),
    'activityStagedTable': (
        'Activity Staged Table: saved (staged) orders and their Transmit (Ctrl+T, through the same '
        'confirmation as Submit) and Discard (Delete) actions; kept per login with the layout'
    ),
    'actionTransmitStaged': (
        'Action Transmit Staged: saved (staged) orders and their Transmit (Ctrl+T, through the same '
        'confirmation as Submit) and Discard (Delete) actions; kept per login with the layout'
    ),
    'actionDiscardStaged': (
        'Action Discard Staged: saved (staged) orders and their Transmit (Ctrl+T, through the same '
        'confirmation as Submit) and Discard (Delete) actions; kept per login with the layout'
    ),
    'AccountWindow': (
        "Account Window: the Account Window: All, a group or an account (advisors), or one of the login's "
        'accounts'
    ),
    'accountSelector': (
        "Account Selector: the Account Window: All, a group or an account (advisors), or one of the login's "
        'accounts'
    ),
    'accountHeading': (
        "Account Heading: the Account Window: All, a group or an account (advisors), or one of the login's "
        'accounts'
    ),
    'accountWarning': (
        'Account Warning: the margin warning banner; property warning is near (yellow, within 5% of the '
        'requirement), depleted (orange), liquidating (red)'
    ),
    'accountSectionBalances': (
        'Account Section Balances: the collapsible sections (each has a ...Header button)'
    ),
    'accountSectionMargin': 'Account Section Margin: the collapsible sections (each has a ...Header button)',
    'accountSectionAvailable': (
        'Account Section Available: the collapsible sections (each has a ...Header button)'
    ),
    'accountSectionCurrencies': (
        'Account Section Currencies: the collapsible sections (each has a ...Header button)'
    ),
    'accountSectionFx': 'Account Section Fx: the collapsible sections (each has a ...Header button)',
    'accountSectionPortfolio': (
        'Account Section Portfolio: the collapsible sections (each has a ...Header button)'
    ),
    'accountValuesTable': (
        'Account Values Table: Balances; Margin Requirements (with Exposure Fee Last and Estimated Next); '
        'Available for Trading'
    ),
    'accountMarginTable': (
        'Account Margin Table: Balances; Margin Requirements (with Exposure Fee Last and Estimated Next); '
        'Available for Trading'
    ),
    'accountAvailableTable': (
        'Account Available Table: Balances; Margin Requirements (with Exposure Fee Last and Estimated '
        'Next); Available for Trading'
    ),
    'accountCurrencyTable': 'Account Currency Table: Market Value by currency; FX Portfolio; Portfolio',
    'accountFxTable': 'Account Fx Table: Market Value by currency; FX Portfolio; Portfolio',
    'accountPortfolioTable': 'Account Portfolio Table: Market Value by currency; FX Portfolio; Portfolio',
    'chartDock': (
        'Chart Dock: the Chart panel: its pages and the linked symbol (opened again from New Window, it '
        'takes at least half its column)'
    ),
    'ChartPanel': (
        'Chart Panel: the Chart panel: its pages and the linked symbol (opened again from New Window, it '
        'takes at least half its column)'
    ),
    'chartTabs': (
        'Chart Tabs: the Chart panel: its pages and the linked symbol (opened again from New Window, it '
        'takes at least half its column)'
    ),
    'chartSymbol': (
        'Chart Symbol: the Chart panel: its pages and the linked symbol (opened again from New Window, it '
        'takes at least half its column)'
    ),
    'chartPricePlot': 'Chart Price Plot: candlesticks and volume of the linked symbol',
    'chartVolumePlot': 'Chart Volume Plot: candlesticks and volume of the linked symbol',
    'chartRiskUnderlying': (
        "Chart Risk Underlying: Risk Navigator: the account's P&L across moves of the chosen underlying"
    ),
    'chartRiskPlot': (
        "Chart Risk Plot: Risk Navigator: the account's P&L across moves of the chosen underlying"
    ),
    'chartExposureFeePlot': 'Chart Exposure Fee Plot: the exposure fee by product class, as bars',
    'chartPartition': (
        'Chart Partition: the Partition tab: which partition, its net liquidation value over time, its '
        'return net of transfers'
    ),
    'chartPartitionNlvPlot': (
        'Chart Partition Nlv Plot: the Partition tab: which partition, its net liquidation value over time, '
        'its return net of transfers'
    ),
    'chartPartitionReturnPlot': (
        'Chart Partition Return Plot: the Partition tab: which partition, its net liquidation value over '
        'time, its return net of transfers'
    ),
    'actionAdvisorSetup': (
        'Action Advisor Setup: Account -> Advisor Setup (advisor logins): Groups, Models, Presets'
    ),
    'AdvisorSetupDialog': (
        'Advisor Setup Dialog: Account -> Advisor Setup (advisor logins): Groups, Models, Presets'
    ),
    'advisorSetupTabs': (
        'Advisor Setup Tabs: Account -> Advisor Setup (advisor logins): Groups, Models, Presets'
    ),
    'advisorSetupClose': (
        'Advisor Setup Close: Account -> Advisor Setup (advisor logins): Groups, Models, Presets'
    ),
    'advisorGroupsList': (
        'Advisor Groups List: a group: its name, method and members with amounts, checked as typed (New '
        "with a saved group's name is refused on name: saving would replace that group)"
    ),
    'advisorGroupNew': (
        'Advisor Group New: a group: its name, method and members with amounts, checked as typed (New with '
        "a saved group's name is refused on name: saving would replace that group)"
    ),
    'advisorGroupName': (
        'Advisor Group Name: a group: its name, method and members with amounts, checked as typed (New with '
        "a saved group's name is refused on name: saving would replace that group)"
    ),
    'advisorGroupMethod': (
        'Advisor Group Method: a group: its name, method and members with amounts, checked as typed (New '
        "with a saved group's name is refused on name: saving would replace that group)"
    ),
    'advisorGroupMembers': (
        'Advisor Group Members: a group: its name, method and members with amounts, checked as typed (New '
        "with a saved group's name is refused on name: saving would replace that group)"
    ),
    'advisorGroupMessage': (
        'Advisor Group Message: a group: its name, method and members with amounts, checked as typed (New '
        "with a saved group's name is refused on name: saving would replace that group)"
    ),
    'advisorGroupSave': (
        'Advisor Group Save: a group: its name, method and members with amounts, checked as typed (New with '
        "a saved group's name is refused on name: saving would replace that group)"
    ),
    'advisorModelsTable': "Advisor Models Table: the advisor's models and a new model's name",
    'advisorModelName': "Advisor Model Name: the advisor's models and a new model's name",
    'advisorModelCreate': "Advisor Model Create: the advisor's models and a new model's name",
    'advisorModelMessage': "Advisor Model Message: the advisor's models and a new model's name",
    'advisorPresetStrict': (
        'Advisor Preset Strict: the allocation presets (strict per-account or reduce size, the method for '
        'All, board lots and the odd-lot account, equal positions, close positions first)'
    ),
    'advisorPresetReduce': (
        'Advisor Preset Reduce: the allocation presets (strict per-account or reduce size, the method for '
        'All, board lots and the odd-lot account, equal positions, close positions first)'
    ),
    'advisorPresetDefaultMethod': (
        'Advisor Preset Default Method: the allocation presets (strict per-account or reduce size, the '
        'method for All, board lots and the odd-lot account, equal positions, close positions first)'
    ),
    'advisorPresetRoundLots': (
        'Advisor Preset Round Lots: the allocation presets (strict per-account or reduce size, the method '
        'for All, board lots and the odd-lot account, equal positions, close positions first)'
    ),
    'advisorPresetOddLotAccount': (
        'Advisor Preset Odd Lot Account: the allocation presets (strict per-account or reduce size, the '
        'method for All, board lots and the odd-lot account, equal positions, close positions first)'
    ),
    'advisorPresetEqualPositions': (
        'Advisor Preset Equal Positions: the allocation presets (strict per-account or reduce size, the '
        'method for All, board lots and the odd-lot account, equal positions, close positions first)'
    ),
    'advisorPresetClosePositionsFirst': (
        'Advisor Preset Close Positions First: the allocation presets (strict per-account or reduce size, '
        'the method for All, board lots and the odd-lot account, equal positions, close positions first)'
    ),
    'advisorPresetMessage': (
        'Advisor Preset Message: the allocation presets (strict per-account or reduce size, the method for '
        'All, board lots and the odd-lot account, equal positions, close positions first)'
    ),
    'advisorPresetSave': (
        'Advisor Preset Save: the allocation presets (strict per-account or reduce size, the method for '
        'All, board lots and the odd-lot account, equal positions, close positions first)'
    ),
    'actionTradeLog': (
        'Action Trade Log: Account -> Trade Log: executions of Today, the Last 7 Days or All, live'
    ),
    'TradeLogDialog': (
        'Trade Log Dialog: Account -> Trade Log: executions of Today, the Last 7 Days or All, live'
    ),
    'tradeLogPeriod': (
        'Trade Log Period: Account -> Trade Log: executions of Today, the Last 7 Days or All, live'
    ),
    'tradeLogTable': (
        'Trade Log Table: Account -> Trade Log: executions of Today, the Last 7 Days or All, live'
    ),
    'actionAuditTrail': (
        'Action Audit Trail: Account -> Audit Trail: every placement, modification, status change and '
        'execution, oldest first, kept across restarts; the filter matches any column'
    ),
    'AuditTrailDialog': (
        'Audit Trail Dialog: Account -> Audit Trail: every placement, modification, status change and '
        'execution, oldest first, kept across restarts; the filter matches any column'
    ),
    'auditTrailFilter': (
        'Audit Trail Filter: Account -> Audit Trail: every placement, modification, status change and '
        'execution, oldest first, kept across restarts; the filter matches any column'
    ),
    'auditTrailTable': (
        'Audit Trail Table: Account -> Audit Trail: every placement, modification, status change and '
        'execution, oldest first, kept across restarts; the filter matches any column'
    ),
    'PartitionWizard': (
        'Partition Wizard: Account -> Create a Partition with an Advisor: a wizard (Marketplace, Advisor '
        'details, Permissions, Fees, Review); Cancel sends nothing'
    ),
    'partitionBack': (
        'Partition Back: Account -> Create a Partition with an Advisor: a wizard (Marketplace, Advisor '
        'details, Permissions, Fees, Review); Cancel sends nothing'
    ),
    'partitionNext': (
        'Partition Next: Account -> Create a Partition with an Advisor: a wizard (Marketplace, Advisor '
        'details, Permissions, Fees, Review); Cancel sends nothing'
    ),
    'partitionFinish': (
        'Partition Finish: Account -> Create a Partition with an Advisor: a wizard (Marketplace, Advisor '
        'details, Permissions, Fees, Review); Cancel sends nothing'
    ),
    'partitionCancel': (
        'Partition Cancel: Account -> Create a Partition with an Advisor: a wizard (Marketplace, Advisor '
        'details, Permissions, Fees, Review); Cancel sends nothing'
    ),
    'partitionMarketplacePage': (
        "Partition Marketplace Page: the Investors' Marketplace page; why the account cannot request a "
        'partition now (an advisor login, one already pending or open; hidden otherwise); the account to '
        'partition, when the login holds several'
    ),
    'partitionEligibility': (
        "Partition Eligibility: the Investors' Marketplace page; why the account cannot request a partition "
        'now (an advisor login, one already pending or open; hidden otherwise); the account to partition, '
        'when the login holds several'
    ),
    'partitionParentAccount': (
        "Partition Parent Account: the Investors' Marketplace page; why the account cannot request a "
        'partition now (an advisor login, one already pending or open; hidden otherwise); the account to '
        'partition, when the login holds several'
    ),
    'marketplaceSearch': (
        'Marketplace Search: search as you type (every word, any field) and the filters (Any lets '
        'everything through), Clear filters'
    ),
    'marketplaceKind': (
        'Marketplace Kind: search as you type (every word, any field) and the filters (Any lets everything '
        'through), Clear filters'
    ),
    'marketplaceStrategy': (
        'Marketplace Strategy: search as you type (every word, any field) and the filters (Any lets '
        'everything through), Clear filters'
    ),
    'marketplaceAssetClass': (
        'Marketplace Asset Class: search as you type (every word, any field) and the filters (Any lets '
        'everything through), Clear filters'
    ),
    'marketplaceRegion': (
        'Marketplace Region: search as you type (every word, any field) and the filters (Any lets '
        'everything through), Clear filters'
    ),
    'marketplaceLanguage': (
        'Marketplace Language: search as you type (every word, any field) and the filters (Any lets '
        'everything through), Clear filters'
    ),
    'marketplaceMaxMinimum': (
        'Marketplace Max Minimum: search as you type (every word, any field) and the filters (Any lets '
        'everything through), Clear filters'
    ),
    'marketplaceFeeKind': (
        'Marketplace Fee Kind: search as you type (every word, any field) and the filters (Any lets '
        'everything through), Clear filters'
    ),
    'marketplaceClear': (
        'Marketplace Clear: search as you type (every word, any field) and the filters (Any lets everything '
        'through), Clear filters'
    ),
    'marketplaceSort': (
        'Marketplace Sort: the order (also set by clicking a sortable header), the advisors and brokers '
        'found (key: the listing id, its IB master account) and how many'
    ),
    'marketplaceDescending': (
        'Marketplace Descending: the order (also set by clicking a sortable header), the advisors and '
        'brokers found (key: the listing id, its IB master account) and how many'
    ),
    'marketplaceTable': (
        'Marketplace Table: the order (also set by clicking a sortable header), the advisors and brokers '
        'found (key: the listing id, its IB master account) and how many'
    ),
    'marketplaceCount': (
        'Marketplace Count: the order (also set by clicking a sortable header), the advisors and brokers '
        'found (key: the listing id, its IB master account) and how many'
    ),
    'partitionDetailsPage': (
        'Partition Details Page: the chosen provider: profile, track record, description, fee schedule'
    ),
    'partitionAdvisorDetails': (
        'Partition Advisor Details: the chosen provider: profile, track record, description, fee schedule'
    ),
    'partitionAdvisorName': (
        'Partition Advisor Name: the chosen provider: profile, track record, description, fee schedule'
    ),
    'partitionAdvisorFees': (
        'Partition Advisor Fees: the chosen provider: profile, track record, description, fee schedule'
    ),
    'partitionPermissionsPage': (
        'Partition Permissions Page: what the partition inherits and what it loses because the provider is '
        'not entitled to it (item data: the permission, e.g. STK:US); Next needs something inherited'
    ),
    'partitionPermissionsInherited': (
        'Partition Permissions Inherited: what the partition inherits and what it loses because the '
        'provider is not entitled to it (item data: the permission, e.g. STK:US); Next needs something '
        'inherited'
    ),
    'partitionPermissionsRemoved': (
        'Partition Permissions Removed: what the partition inherits and what it loses because the provider '
        'is not entitled to it (item data: the permission, e.g. STK:US); Next needs something inherited'
    ),
    'partitionPermissionsNote': (
        'Partition Permissions Note: what the partition inherits and what it loses because the provider is '
        'not entitled to it (item data: the permission, e.g. STK:US); Next needs something inherited'
    ),
    'partitionFeesPage': 'Partition Fees Page: the fee schedule and the acknowledgement Next needs',
    'partitionFeeLines': 'Partition Fee Lines: the fee schedule and the acknowledgement Next needs',
    'partitionFeesAcknowledge': (
        'Partition Fees Acknowledge: the fee schedule and the acknowledgement Next needs'
    ),
    'partitionReviewPage': 'Partition Review Page: the request in full before Finish (Submit Request)',
    'partitionSummary': 'Partition Summary: the request in full before Finish (Submit Request)',
    'partitionSummaryAccount': (
        'Partition Summary Account: the request in full before Finish (Submit Request)'
    ),
    'partitionSummaryProvider': (
        'Partition Summary Provider: the request in full before Finish (Submit Request)'
    ),
    'partitionSummaryPermissions': (
        'Partition Summary Permissions: the request in full before Finish (Submit Request)'
    ),
    'partitionSummaryRemoved': (
        'Partition Summary Removed: the request in full before Finish (Submit Request)'
    ),
    'partitionSummaryFees': 'Partition Summary Fees: the request in full before Finish (Submit Request)',
    'partitionNextHint': (
        "Partition Next Hint: while Next is disabled, what it waits for (also Next's tooltip): a provider "
        'chosen, an inherited permission, the fee acknowledgement'
    ),
    'partitionReadyTime': (
        'Partition Ready Time: "Ready for funding by 18:00 ET today" (or on the next business day after the '
        "16:00 cut-off); the engine's refusal (property state: error), the wizard staying open"
    ),
    'partitionMessage': (
        'Partition Message: "Ready for funding by 18:00 ET today" (or on the next business day after the '
        "16:00 cut-off); the engine's refusal (property state: error), the wizard staying open"
    ),
    'TransfersDialog': (
        "Transfers Dialog: Account -> Transfers: the login's partition and its state above Fund Transfer, "
        'Position Transfer, Deposit and Withdraw'
    ),
    'transfersTabs': (
        "Transfers Tabs: Account -> Transfers: the login's partition and its state above Fund Transfer, "
        'Position Transfer, Deposit and Withdraw'
    ),
    'transfersPartition': (
        "Transfers Partition: Account -> Transfers: the login's partition and its state above Fund "
        'Transfer, Position Transfer, Deposit and Withdraw'
    ),
    'transfersClose': (
        "Transfers Close: Account -> Transfers: the login's partition and its state above Fund Transfer, "
        'Position Transfer, Deposit and Withdraw'
    ),
    'fundTransferTab': (
        'Fund Transfer Tab: cash between the account and its open partition, either way (To follows From; '
        'currencies the source holds); the notice says why not yet (no partition, or when it opens)'
    ),
    'fundTransferNotice': (
        'Fund Transfer Notice: cash between the account and its open partition, either way (To follows '
        'From; currencies the source holds); the notice says why not yet (no partition, or when it opens)'
    ),
    'fundTransferFrom': (
        'Fund Transfer From: cash between the account and its open partition, either way (To follows From; '
        'currencies the source holds); the notice says why not yet (no partition, or when it opens)'
    ),
    'fundTransferTo': (
        'Fund Transfer To: cash between the account and its open partition, either way (To follows From; '
        'currencies the source holds); the notice says why not yet (no partition, or when it opens)'
    ),
    'fundTransferCurrency': (
        'Fund Transfer Currency: cash between the account and its open partition, either way (To follows '
        'From; currencies the source holds); the notice says why not yet (no partition, or when it opens)'
    ),
    'fundTransferAmount': (
        'Fund Transfer Amount: cash between the account and its open partition, either way (To follows '
        'From; currencies the source holds); the notice says why not yet (no partition, or when it opens)'
    ),
    'fundTransferSubmit': (
        'Fund Transfer Submit: cash between the account and its open partition, either way (To follows '
        'From; currencies the source holds); the notice says why not yet (no partition, or when it opens)'
    ),
    'fundTransferMessage': (
        'Fund Transfer Message: cash between the account and its open partition, either way (To follows '
        'From; currencies the source holds); the notice says why not yet (no partition, or when it opens)'
    ),
    'positionTransferTab': (
        "Position Transfer Tab: a position (the source's holdings with quantities) in whole or part, at "
        'cost basis'
    ),
    'positionTransferNotice': (
        "Position Transfer Notice: a position (the source's holdings with quantities) in whole or part, at "
        'cost basis'
    ),
    'positionTransferFrom': (
        "Position Transfer From: a position (the source's holdings with quantities) in whole or part, at "
        'cost basis'
    ),
    'positionTransferTo': (
        "Position Transfer To: a position (the source's holdings with quantities) in whole or part, at cost "
        'basis'
    ),
    'positionTransferSymbol': (
        "Position Transfer Symbol: a position (the source's holdings with quantities) in whole or part, at "
        'cost basis'
    ),
    'positionTransferQuantity': (
        "Position Transfer Quantity: a position (the source's holdings with quantities) in whole or part, "
        'at cost basis'
    ),
    'positionTransferSubmit': (
        "Position Transfer Submit: a position (the source's holdings with quantities) in whole or part, at "
        'cost basis'
    ),
    'positionTransferMessage': (
        "Position Transfer Message: a position (the source's holdings with quantities) in whole or part, at "
        'cost basis'
    ),
    'depositTab': 'Deposit Tab: money from the bank, tradable at once, withdrawable after 3 business days',
    'depositAccount': (
        'Deposit Account: money from the bank, tradable at once, withdrawable after 3 business days'
    ),
    'depositCurrency': (
        'Deposit Currency: money from the bank, tradable at once, withdrawable after 3 business days'
    ),
    'depositAmount': (
        'Deposit Amount: money from the bank, tradable at once, withdrawable after 3 business days'
    ),
    'depositSubmit': (
        'Deposit Submit: money from the bank, tradable at once, withdrawable after 3 business days'
    ),
    'depositMessage': (
        'Deposit Message: money from the bank, tradable at once, withdrawable after 3 business days'
    ),
    'withdrawTab': (
        "Withdraw Tab: money to the bank, within the withdrawable amount shown. In every tab a refusal's "
        'message moves under the field it names, which gets property invalid'
    ),
    'withdrawAccount': (
        'Withdraw Account: money to the bank, within the withdrawable amount shown. In every tab a '
        "refusal's message moves under the field it names, which gets property invalid"
    ),
    'withdrawCurrency': (
        'Withdraw Currency: money to the bank, within the withdrawable amount shown. In every tab a '
        "refusal's message moves under the field it names, which gets property invalid"
    ),
    'withdrawAvailable': (
        'Withdraw Available: money to the bank, within the withdrawable amount shown. In every tab a '
        "refusal's message moves under the field it names, which gets property invalid"
    ),
    'withdrawAmount': (
        "Withdraw Amount: money to the bank, within the withdrawable amount shown. In every tab a refusal's "
        'message moves under the field it names, which gets property invalid'
    ),
    'withdrawSubmit': (
        "Withdraw Submit: money to the bank, within the withdrawable amount shown. In every tab a refusal's "
        'message moves under the field it names, which gets property invalid'
    ),
    'withdrawMessage': (
        'Withdraw Message: money to the bank, within the withdrawable amount shown. In every tab a '
        "refusal's message moves under the field it names, which gets property invalid"
    ),
    'transferConfirmDialog': (
        "Transfer Confirm Dialog: every Transfers tab's confirmation before money or a position moves "
        '(Transfer, Deposit, Withdraw; Cancel moves nothing). A successful transfer clears its amount or '
        "quantity (never defaulting to what is left), is written in Activity's Log, and a refusal is "
        'cleared once a field changes'
    ),
    'transferConfirm': (
        "Transfer Confirm: every Transfers tab's confirmation before money or a position moves (Transfer, "
        'Deposit, Withdraw; Cancel moves nothing). A successful transfer clears its amount or quantity '
        "(never defaulting to what is left), is written in Activity's Log, and a refusal is cleared once a "
        'field changes'
    ),
    'actionAccountManagement': (
        "Action Account Management: Account -> Account Management: the account chooser (the login's "
        'accounts only; enabled when it sees more than one), the page list (Funding, Settings) and the page '
        'shown'
    ),
    'AccountManagementDialog': (
        "Account Management Dialog: Account -> Account Management: the account chooser (the login's "
        'accounts only; enabled when it sees more than one), the page list (Funding, Settings) and the page '
        'shown'
    ),
    'accountManagementAccount': (
        "Account Management Account: Account -> Account Management: the account chooser (the login's "
        'accounts only; enabled when it sees more than one), the page list (Funding, Settings) and the page '
        'shown'
    ),
    'accountManagementPages': (
        "Account Management Pages: Account -> Account Management: the account chooser (the login's accounts "
        'only; enabled when it sees more than one), the page list (Funding, Settings) and the page shown'
    ),
    'accountManagementStack': (
        "Account Management Stack: Account -> Account Management: the account chooser (the login's accounts "
        'only; enabled when it sees more than one), the page list (Funding, Settings) and the page shown'
    ),
    'accountManagementClose': (
        "Account Management Close: Account -> Account Management: the account chooser (the login's accounts "
        'only; enabled when it sees more than one), the page list (Funding, Settings) and the page shown'
    ),
    'fundingDepositPage': (
        "Funding Deposit Page: a deposit notification by Wire, ACH or Check: the method's days and the "
        'deposits on their way; the message says when it is credited and withdrawable'
    ),
    'fundingDepositMethod': (
        "Funding Deposit Method: a deposit notification by Wire, ACH or Check: the method's days and the "
        'deposits on their way; the message says when it is credited and withdrawable'
    ),
    'fundingDepositAmount': (
        "Funding Deposit Amount: a deposit notification by Wire, ACH or Check: the method's days and the "
        'deposits on their way; the message says when it is credited and withdrawable'
    ),
    'fundingDepositCurrency': (
        "Funding Deposit Currency: a deposit notification by Wire, ACH or Check: the method's days and the "
        'deposits on their way; the message says when it is credited and withdrawable'
    ),
    'fundingDepositBank': (
        "Funding Deposit Bank: a deposit notification by Wire, ACH or Check: the method's days and the "
        'deposits on their way; the message says when it is credited and withdrawable'
    ),
    'fundingDepositTiming': (
        "Funding Deposit Timing: a deposit notification by Wire, ACH or Check: the method's days and the "
        'deposits on their way; the message says when it is credited and withdrawable'
    ),
    'fundingDepositSubmit': (
        "Funding Deposit Submit: a deposit notification by Wire, ACH or Check: the method's days and the "
        'deposits on their way; the message says when it is credited and withdrawable'
    ),
    'fundingDepositMessage': (
        "Funding Deposit Message: a deposit notification by Wire, ACH or Check: the method's days and the "
        'deposits on their way; the message says when it is credited and withdrawable'
    ),
    'fundingWithdrawalPage': (
        "Funding Withdrawal Page: a withdrawal: what may leave now, the security device's limits and the "
        "fee after the month's free withdrawal; the message names the fee charged"
    ),
    'fundingWithdrawalAmount': (
        "Funding Withdrawal Amount: a withdrawal: what may leave now, the security device's limits and the "
        "fee after the month's free withdrawal; the message names the fee charged"
    ),
    'fundingWithdrawalCurrency': (
        "Funding Withdrawal Currency: a withdrawal: what may leave now, the security device's limits and "
        "the fee after the month's free withdrawal; the message names the fee charged"
    ),
    'fundingWithdrawalBank': (
        "Funding Withdrawal Bank: a withdrawal: what may leave now, the security device's limits and the "
        "fee after the month's free withdrawal; the message names the fee charged"
    ),
    'fundingWithdrawalMethod': (
        "Funding Withdrawal Method: a withdrawal: what may leave now, the security device's limits and the "
        "fee after the month's free withdrawal; the message names the fee charged"
    ),
    'fundingWithdrawalLimits': (
        "Funding Withdrawal Limits: a withdrawal: what may leave now, the security device's limits and the "
        "fee after the month's free withdrawal; the message names the fee charged"
    ),
    'fundingWithdrawalSubmit': (
        "Funding Withdrawal Submit: a withdrawal: what may leave now, the security device's limits and the "
        "fee after the month's free withdrawal; the message names the fee charged"
    ),
    'fundingWithdrawalMessage': (
        "Funding Withdrawal Message: a withdrawal: what may leave now, the security device's limits and the "
        "fee after the month's free withdrawal; the message names the fee charged"
    ),
    'transactionHistoryPage': (
        'Transaction History Page: the Transaction History (Date, Type, Method, Bank, Amount, Currency, '
        'Status: Pending, Held, Available, Completed or Refused, Until, Description) and the deposits '
        'pending or held'
    ),
    'transactionHistoryTable': (
        'Transaction History Table: the Transaction History (Date, Type, Method, Bank, Amount, Currency, '
        'Status: Pending, Held, Available, Completed or Refused, Until, Description) and the deposits '
        'pending or held'
    ),
    'pendingDepositsPage': (
        'Pending Deposits Page: the Transaction History (Date, Type, Method, Bank, Amount, Currency, '
        'Status: Pending, Held, Available, Completed or Refused, Until, Description) and the deposits '
        'pending or held'
    ),
    'pendingDepositsTable': (
        'Pending Deposits Table: the Transaction History (Date, Type, Method, Bank, Amount, Currency, '
        'Status: Pending, Held, Available, Completed or Refused, Until, Description) and the deposits '
        'pending or held'
    ),
    'accountTypePage': (
        "Account Type Page: the account type: the current one, those it may request, IB's requirements, the "
        "risk disclosure signed by typing the holder's name, and the changes pending with their day and a "
        "downgrade's liquidation warning"
    ),
    'accountTypeCurrent': (
        "Account Type Current: the account type: the current one, those it may request, IB's requirements, "
        "the risk disclosure signed by typing the holder's name, and the changes pending with their day and "
        "a downgrade's liquidation warning"
    ),
    'accountTypeTarget': (
        "Account Type Target: the account type: the current one, those it may request, IB's requirements, "
        "the risk disclosure signed by typing the holder's name, and the changes pending with their day and "
        "a downgrade's liquidation warning"
    ),
    'accountTypeRequirements': (
        "Account Type Requirements: the account type: the current one, those it may request, IB's "
        "requirements, the risk disclosure signed by typing the holder's name, and the changes pending with "
        "their day and a downgrade's liquidation warning"
    ),
    'accountTypeDisclosure': (
        "Account Type Disclosure: the account type: the current one, those it may request, IB's "
        "requirements, the risk disclosure signed by typing the holder's name, and the changes pending with "
        "their day and a downgrade's liquidation warning"
    ),
    'accountTypeSignature': (
        "Account Type Signature: the account type: the current one, those it may request, IB's "
        "requirements, the risk disclosure signed by typing the holder's name, and the changes pending with "
        "their day and a downgrade's liquidation warning"
    ),
    'accountTypeSubmit': (
        "Account Type Submit: the account type: the current one, those it may request, IB's requirements, "
        "the risk disclosure signed by typing the holder's name, and the changes pending with their day and "
        "a downgrade's liquidation warning"
    ),
    'accountTypeMessage': (
        "Account Type Message: the account type: the current one, those it may request, IB's requirements, "
        "the risk disclosure signed by typing the holder's name, and the changes pending with their day and "
        "a downgrade's liquidation warning"
    ),
    'accountTypePending': (
        "Account Type Pending: the account type: the current one, those it may request, IB's requirements, "
        "the risk disclosure signed by typing the holder's name, and the changes pending with their day and "
        "a downgrade's liquidation warning"
    ),
    'tradingPermissionsPage': (
        'Trading Permissions Page: the asset class x country grid (Granted, Pending with its day, or '
        "Request: a check box; the cell's UserRole is the permission, STK:DE); Submit waits for the "
        'acknowledgement'
    ),
    'tradingPermissionsGrid': (
        'Trading Permissions Grid: the asset class x country grid (Granted, Pending with its day, or '
        "Request: a check box; the cell's UserRole is the permission, STK:DE); Submit waits for the "
        'acknowledgement'
    ),
    'tradingPermissionsAcknowledge': (
        'Trading Permissions Acknowledge: the asset class x country grid (Granted, Pending with its day, or '
        "Request: a check box; the cell's UserRole is the permission, STK:DE); Submit waits for the "
        'acknowledgement'
    ),
    'tradingPermissionsSignature': (
        'Trading Permissions Signature: the asset class x country grid (Granted, Pending with its day, or '
        "Request: a check box; the cell's UserRole is the permission, STK:DE); Submit waits for the "
        'acknowledgement'
    ),
    'tradingPermissionsSubmit': (
        'Trading Permissions Submit: the asset class x country grid (Granted, Pending with its day, or '
        "Request: a check box; the cell's UserRole is the permission, STK:DE); Submit waits for the "
        'acknowledgement'
    ),
    'tradingPermissionsMessage': (
        'Trading Permissions Message: the asset class x country grid (Granted, Pending with its day, or '
        "Request: a check box; the cell's UserRole is the permission, STK:DE); Submit waits for the "
        'acknowledgement'
    ),
    'baseCurrencyPage': (
        'Base Currency Page: the base currency, for margin accounts, from the next business day'
    ),
    'baseCurrencyCurrent': (
        'Base Currency Current: the base currency, for margin accounts, from the next business day'
    ),
    'baseCurrencyChoice': (
        'Base Currency Choice: the base currency, for margin accounts, from the next business day'
    ),
    'baseCurrencySubmit': (
        'Base Currency Submit: the base currency, for margin accounts, from the next business day'
    ),
    'baseCurrencyMessage': (
        'Base Currency Message: the base currency, for margin accounts, from the next business day'
    ),
    'securityPage': (
        "Security Page: the Secure Login System device that sets the withdrawal limits, with every device's "
        'limits. On every page a refusal moves under the field it names (one naming the account under the '
        "page's choice), which gets property invalid; the confirmation is transferConfirmDialog"
    ),
    'securityDevice': (
        'Security Device: the Secure Login System device that sets the withdrawal limits, with every '
        "device's limits. On every page a refusal moves under the field it names (one naming the account "
        "under the page's choice), which gets property invalid; the confirmation is transferConfirmDialog"
    ),
    'securityLimits': (
        'Security Limits: the Secure Login System device that sets the withdrawal limits, with every '
        "device's limits. On every page a refusal moves under the field it names (one naming the account "
        "under the page's choice), which gets property invalid; the confirmation is transferConfirmDialog"
    ),
    'securitySubmit': (
        'Security Submit: the Secure Login System device that sets the withdrawal limits, with every '
        "device's limits. On every page a refusal moves under the field it names (one naming the account "
        "under the page's choice), which gets property invalid; the confirmation is transferConfirmDialog"
    ),
    'securityMessage': (
        'Security Message: the Secure Login System device that sets the withdrawal limits, with every '
        "device's limits. On every page a refusal moves under the field it names (one naming the account "
        "under the page's choice), which gets property invalid; the confirmation is transferConfirmDialog"
    ),
    'StatementsDialog': (
        'Statements Dialog: Account -> Statements: the statement type (Activity), the period (Daily, '
        'Monthly, Annual, Year to Date, Custom Date Range; item data: the period kind), the account (the '
        "login's own, then the others it holds or an advisor's clients; a partition is inside its holder's "
        'statement) and the format (item data: html, pdf, csv)'
    ),
    'statementType': (
        'Statement Type: Account -> Statements: the statement type (Activity), the period (Daily, Monthly, '
        "Annual, Year to Date, Custom Date Range; item data: the period kind), the account (the login's "
        "own, then the others it holds or an advisor's clients; a partition is inside its holder's "
        'statement) and the format (item data: html, pdf, csv)'
    ),
    'statementPeriod': (
        'Statement Period: Account -> Statements: the statement type (Activity), the period (Daily, '
        'Monthly, Annual, Year to Date, Custom Date Range; item data: the period kind), the account (the '
        "login's own, then the others it holds or an advisor's clients; a partition is inside its holder's "
        'statement) and the format (item data: html, pdf, csv)'
    ),
    'statementAccount': (
        'Statement Account: Account -> Statements: the statement type (Activity), the period (Daily, '
        'Monthly, Annual, Year to Date, Custom Date Range; item data: the period kind), the account (the '
        "login's own, then the others it holds or an advisor's clients; a partition is inside its holder's "
        'statement) and the format (item data: html, pdf, csv)'
    ),
    'statementFormat': (
        'Statement Format: Account -> Statements: the statement type (Activity), the period (Daily, '
        'Monthly, Annual, Year to Date, Custom Date Range; item data: the period kind), the account (the '
        "login's own, then the others it holds or an advisor's clients; a partition is inside its holder's "
        'statement) and the format (item data: html, pdf, csv)'
    ),
    'statementDate': (
        "Statement Date: the day, month or year to run (Daily, Monthly, Annual), or the custom range's "
        'first and last day; none may be after today on the simulated clock'
    ),
    'statementFrom': (
        "Statement From: the day, month or year to run (Daily, Monthly, Annual), or the custom range's "
        'first and last day; none may be after today on the simulated clock'
    ),
    'statementTo': (
        "Statement To: the day, month or year to run (Daily, Monthly, Annual), or the custom range's first "
        'and last day; none may be after today on the simulated clock'
    ),
    'statementFolder': (
        "Statement Folder: where Run Statement saves ACCOUNT_FROM_TO.ext (default: the Documents folder's "
        "Mosaic Statements); Open File opens the file last saved with the desktop's viewer"
    ),
    'statementRun': (
        "Statement Run: where Run Statement saves ACCOUNT_FROM_TO.ext (default: the Documents folder's "
        "Mosaic Statements); Open File opens the file last saved with the desktop's viewer"
    ),
    'statementOpen': (
        "Statement Open: where Run Statement saves ACCOUNT_FROM_TO.ext (default: the Documents folder's "
        "Mosaic Statements); Open File opens the file last saved with the desktop's viewer"
    ),
    'statementsClose': (
        "Statements Close: where Run Statement saves ACCOUNT_FROM_TO.ext (default: the Documents folder's "
        "Mosaic Statements); Open File opens the file last saved with the desktop's viewer"
    ),
    'statementMessage': (
        "Statement Message: the saved file's path, or why the statement could not run naming the input "
        "(property state: error); the statement's HTML page as previewed"
    ),
    'statementPreview': (
        "Statement Preview: the saved file's path, or why the statement could not run naming the input "
        "(property state: error); the statement's HTML page as previewed"
    ),
    'actionGlobalConfiguration': (
        'Action Global Configuration: File -> Global Configuration: the sections on the left (API -> '
        'Settings) and the page on the right; OK, Apply, Cancel'
    ),
    'GlobalConfigurationDialog': (
        'Global Configuration Dialog: File -> Global Configuration: the sections on the left (API -> '
        'Settings) and the page on the right; OK, Apply, Cancel'
    ),
    'globalConfigurationTree': (
        'Global Configuration Tree: File -> Global Configuration: the sections on the left (API -> '
        'Settings) and the page on the right; OK, Apply, Cancel'
    ),
    'apiEnableSocketClients': (
        'Api Enable Socket Clients: API -> Settings as TWS has them (defaults: off, 7497, on, empty, off, '
        'on), kept in the database; Apply starts, stops or restarts the API server'
    ),
    'apiSocketPort': (
        'Api Socket Port: API -> Settings as TWS has them (defaults: off, 7497, on, empty, off, on), kept '
        'in the database; Apply starts, stops or restarts the API server'
    ),
    'apiReadOnly': (
        'Api Read Only: API -> Settings as TWS has them (defaults: off, 7497, on, empty, off, on), kept in '
        'the database; Apply starts, stops or restarts the API server'
    ),
    'apiMasterClientId': (
        'Api Master Client Id: API -> Settings as TWS has them (defaults: off, 7497, on, empty, off, on), '
        'kept in the database; Apply starts, stops or restarts the API server'
    ),
    'apiMessageLogFile': (
        'Api Message Log File: API -> Settings as TWS has them (defaults: off, 7497, on, empty, off, on), '
        'kept in the database; Apply starts, stops or restarts the API server'
    ),
    'apiLocalhostOnly': (
        'Api Localhost Only: API -> Settings as TWS has them (defaults: off, 7497, on, empty, off, on), '
        'kept in the database; Apply starts, stops or restarts the API server'
    ),
    'apiTrustedIps': (
        'Api Trusted Ips: Trusted IPs, admitted when connections are not limited to localhost; Create adds '
        'the typed address, Remove the selected ones'
    ),
    'apiTrustedIpInput': (
        'Api Trusted Ip Input: Trusted IPs, admitted when connections are not limited to localhost; Create '
        'adds the typed address, Remove the selected ones'
    ),
    'apiTrustedIpAdd': (
        'Api Trusted Ip Add: Trusted IPs, admitted when connections are not limited to localhost; Create '
        'adds the typed address, Remove the selected ones'
    ),
    'apiTrustedIpRemove': (
        'Api Trusted Ip Remove: Trusted IPs, admitted when connections are not limited to localhost; Create '
        'adds the typed address, Remove the selected ones'
    ),
    'lockAfterMinutes': (
        'Lock After Minutes: Global Configuration -> Lock and Exit: "Lock trading system after ___ minutes '
        'of inactivity" or "Never lock trading system"'
    ),
    'lockMinutes': (
        'Lock Minutes: Global Configuration -> Lock and Exit: "Lock trading system after ___ minutes of '
        'inactivity" or "Never lock trading system"'
    ),
    'lockNever': (
        'Lock Never: Global Configuration -> Lock and Exit: "Lock trading system after ___ minutes of '
        'inactivity" or "Never lock trading system"'
    ),
    'autoOffTime': (
        'Auto Off Time: "Set Auto Log Off Time (HH:MM)" in 12-hour time with AM/PM, and whether it logs '
        'off, restarts or neither'
    ),
    'autoOffAm': (
        'Auto Off Am: "Set Auto Log Off Time (HH:MM)" in 12-hour time with AM/PM, and whether it logs off, '
        'restarts or neither'
    ),
    'autoOffPm': (
        'Auto Off Pm: "Set Auto Log Off Time (HH:MM)" in 12-hour time with AM/PM, and whether it logs off, '
        'restarts or neither'
    ),
    'autoLogOff': (
        'Auto Log Off: "Set Auto Log Off Time (HH:MM)" in 12-hour time with AM/PM, and whether it logs off, '
        'restarts or neither'
    ),
    'autoRestart': (
        'Auto Restart: "Set Auto Log Off Time (HH:MM)" in 12-hour time with AM/PM, and whether it logs off, '
        'restarts or neither'
    ),
    'autoOffNone': (
        'Auto Off None: "Set Auto Log Off Time (HH:MM)" in 12-hour time with AM/PM, and whether it logs '
        'off, restarts or neither'
    ),
    'lockAndExitMessage': (
        'Lock And Exit Message: why the Lock and Exit settings were refused, naming the field, or what '
        'applying them did'
    ),
    'LoginWindow': (
        'Login Window: the Login window before the main window (users with passwords): username, password, '
        'Live Trading / Paper Trading and Log In (Paper Log In)'
    ),
    'loginUsername': (
        'Login Username: the Login window before the main window (users with passwords): username, '
        'password, Live Trading / Paper Trading and Log In (Paper Log In)'
    ),
    'loginPassword': (
        'Login Password: the Login window before the main window (users with passwords): username, '
        'password, Live Trading / Paper Trading and Log In (Paper Log In)'
    ),
    'loginLiveTrading': (
        'Login Live Trading: the Login window before the main window (users with passwords): username, '
        'password, Live Trading / Paper Trading and Log In (Paper Log In)'
    ),
    'loginPaperTrading': (
        'Login Paper Trading: the Login window before the main window (users with passwords): username, '
        'password, Live Trading / Paper Trading and Log In (Paper Log In)'
    ),
    'loginSubmit': (
        'Login Submit: the Login window before the main window (users with passwords): username, password, '
        'Live Trading / Paper Trading and Log In (Paper Log In)'
    ),
    'loginMessage': (
        "Login Message: why the log-in was refused (IB's texts), with the throttle's or the lock's live "
        'countdown'
    ),
    'secondFactorDialog': (
        'Second Factor Dialog: Second Factor Authentication (Security Code Card Authentication: the two '
        'index numbers and the Card Values), OK and Enter Read Only'
    ),
    'secondFactorPrompt': (
        'Second Factor Prompt: Second Factor Authentication (Security Code Card Authentication: the two '
        'index numbers and the Card Values), OK and Enter Read Only'
    ),
    'secondFactorResponse': (
        'Second Factor Response: Second Factor Authentication (Security Code Card Authentication: the two '
        'index numbers and the Card Values), OK and Enter Read Only'
    ),
    'secondFactorOk': (
        'Second Factor Ok: Second Factor Authentication (Security Code Card Authentication: the two index '
        'numbers and the Card Values), OK and Enter Read Only'
    ),
    'secondFactorReadOnly': (
        'Second Factor Read Only: Second Factor Authentication (Security Code Card Authentication: the two '
        'index numbers and the Card Values), OK and Enter Read Only'
    ),
    'existingSessionDialog': (
        'Existing Session Dialog: Existing session detected: Continue Login or Exit Application'
    ),
    'existingSessionContinue': (
        'Existing Session Continue: Existing session detected: Continue Login or Exit Application'
    ),
    'existingSessionExit': (
        'Existing Session Exit: Existing session detected: Continue Login or Exit Application'
    ),
    'nonBrokerageDialog': (
        'Non Brokerage Dialog: after a paper log-in: This is not a brokerage account, I understand and '
        'accept'
    ),
    'nonBrokerageAccept': (
        'Non Brokerage Accept: after a paper log-in: This is not a brokerage account, I understand and '
        'accept'
    ),
    'actionLockApplication': (
        'Action Lock Application: File -> Lock Application: lock now (a login with a password only)'
    ),
    'lockScreen': (
        'Lock Screen: the lock screen over the main window after the idle minutes: the password, Unlock and '
        'why it was refused'
    ),
    'lockPassword': (
        'Lock Password: the lock screen over the main window after the idle minutes: the password, Unlock '
        'and why it was refused'
    ),
    'lockUnlock': (
        'Lock Unlock: the lock screen over the main window after the idle minutes: the password, Unlock and '
        'why it was refused'
    ),
    'lockMessage': (
        'Lock Message: the lock screen over the main window after the idle minutes: the password, Unlock '
        'and why it was refused'
    ),
    'sessionReplacedDialog': (
        "Session Replaced Dialog: another log-in of the same user took this workstation's session (Continue "
        'Login elsewhere): OK closes the workstation'
    ),
    'apiSettingsMessage': (
        'Api Settings Message: why the entered settings were refused, naming the field (Socket port: 70000 '
        'is not a port; ...; nothing changed), or what applying them did'
    ),
    'actionShowApi': (
        'Action Show Api: New Window -> API: the API panel (a tab beside Activity, closed in the default '
        "layout) and the server's state (listening on, stopped, or why it could not start)"
    ),
    'apiDock': (
        'Api Dock: New Window -> API: the API panel (a tab beside Activity, closed in the default layout) '
        "and the server's state (listening on, stopped, or why it could not start)"
    ),
    'ApiPanel': (
        'Api Panel: New Window -> API: the API panel (a tab beside Activity, closed in the default layout) '
        "and the server's state (listening on, stopped, or why it could not start)"
    ),
    'apiStatus': (
        'Api Status: New Window -> API: the API panel (a tab beside Activity, closed in the default layout) '
        "and the server's state (listening on, stopped, or why it could not start)"
    ),
    'apiClientsTable': (
        'Api Clients Table: the connected API clients (Client ID, Peer, Server Version, Connected Since) '
        "and the newest 1,000 lines of the server's log"
    ),
    'apiLog': (
        'Api Log: the connected API clients (Client ID, Peer, Server Version, Connected Since) and the '
        "newest 1,000 lines of the server's log"
    ),
    'resetDatabaseDialog': 'Reset Database Dialog: message boxes, while shown',
    'aboutDialog': 'About Dialog: message boxes, while shown',
}
