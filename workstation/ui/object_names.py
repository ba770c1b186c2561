"""Stable ``objectName`` values: the automation contract of the workstation's windows.

An outside automation (or a test) finds a window, a menu action or an input by one of these names,
so they never change once published. Qt-free on purpose: the README and the CLI can list them
without loading Qt.

Widgets that can appear more than once (a second watchlist) take :func:`numbered` names: the first
keeps the plain name, later ones get a suffix (``watchlistPanel``, ``watchlistPanel2``, ...).
Children of such a panel keep their plain names; find the panel first, then the child inside it.
"""

from __future__ import annotations

# Main window, menus and actions
MAIN_WINDOW = "MainWindow"
MENU_BAR = "menuBar"
MENU_FILE = "menuFile"
ACTION_RESET_DATABASE = "actionResetDatabase"
ACTION_EXIT = "actionExit"
MENU_ACCOUNT = "menuAccount"
ACTION_ACCOUNT_WINDOW = "actionAccountWindow"
ACTION_ADVISOR_SETUP = "actionAdvisorSetup"
ACTION_CREATE_PARTITION = "actionCreatePartition"
ACTION_TRANSFERS = "actionTransfers"
ACTION_STATEMENTS = "actionStatements"
ACTION_TRADE_LOG = "actionTradeLog"
ACTION_AUDIT_TRAIL = "actionAuditTrail"
MENU_NEW_WINDOW = "menuNewWindow"
ACTION_NEW_WATCHLIST = "actionNewWatchlist"
ACTION_SHOW_MONITOR = "actionShowMonitor"
ACTION_SHOW_ORDER_ENTRY = "actionShowOrderEntry"
ACTION_SHOW_ACTIVITY = "actionShowActivity"
ACTION_SHOW_CHART = "actionShowChart"
MENU_HELP = "menuHelp"
ACTION_ABOUT = "actionAbout"
MAIN_TOOLBAR = "mainToolBar"
TOOL_NEW_WINDOW = "toolNewWindow"

# Status bar
STATUS_BAR = "statusBar"
STATUS_CLOCK = "statusClock"
STATUS_MARKET_STATE = "statusMarketState"
STATUS_USER = "statusUser"
STATUS_ACCOUNT = "statusAccount"
STATUS_PARTITION = "statusPartition"
"""the pending partition request and when it opens (hidden when none is pending)"""
ENGINE_HALTED_BANNER = "engineHaltedBanner"
ENGINE_HALTED_MESSAGE = "engineHaltedMessage"
"""the red bar shown once when the engine stops after a fault: why, and what to do"""

# Monitor panel: the Portfolio page and watchlist pages as tabs
MONITOR_DOCK = "monitorDock"
MONITOR_PANEL = "MonitorPanel"
MONITOR_TABS = "monitorTabs"
PORTFOLIO_PAGE = "portfolioPage"
PORTFOLIO_ACCOUNT = "portfolioAccount"
PORTFOLIO_TABLE = "portfolioTable"
WATCHLIST_PANEL = "watchlistPanel"
WATCHLIST_TABLE = "watchlistTable"
WATCHLIST_SYMBOL_INPUT = "watchlistSymbolInput"
WATCHLIST_MESSAGE = "watchlistMessage"
ACTION_REMOVE_SYMBOL = "actionRemoveSymbol"

# Order Entry panel
ORDER_ENTRY_DOCK = "orderEntryDock"
ORDER_ENTRY_PANEL = "OrderEntryPanel"
ORDER_SYMBOL = "orderSymbol"
ORDER_DESCRIPTION = "orderDescription"
ORDER_QUOTE = "orderQuote"
ORDER_BUY = "orderBuy"
ORDER_SELL = "orderSell"
ORDER_QUANTITY = "orderQuantity"
ORDER_TYPE = "orderType"
ORDER_LIMIT_PRICE = "orderLimitPrice"
ORDER_STOP_PRICE = "orderStopPrice"
ORDER_PRICE_BID = "orderPriceBid"
ORDER_PRICE_MID = "orderPriceMid"
ORDER_PRICE_ASK = "orderPriceAsk"
ORDER_TIF = "orderTif"
ORDER_OUTSIDE_RTH = "orderOutsideRth"
ORDER_ALLOCATION = "orderAllocation"
ORDER_ALLOCATION_METHOD = "orderAllocationMethod"
ORDER_PROFILE_EDIT = "orderProfileEdit"
INLINE_PROFILE_DIALOG = "InlineProfileDialog"
INLINE_PROFILE_METHOD = "inlineProfileMethod"
INLINE_PROFILE_MEMBERS = "inlineProfileMembers"
INLINE_PROFILE_MESSAGE = "inlineProfileMessage"
INLINE_PROFILE_OK = "inlineProfileOk"
ORDER_MESSAGE = "orderMessage"
ORDER_SUBMIT = "orderSubmit"
ORDER_SAVE = "orderSave"
ORDER_MODIFYING = "orderModifying"
ORDER_CANCEL_MODIFY = "orderCancelModify"
ORDER_CHECK_MARGIN = "orderCheckMargin"
ORDER_CONFIRM_DIALOG = "orderConfirmDialog"
ORDER_TRANSMIT = "orderTransmit"

# Order Preview dialog
ORDER_PREVIEW_DIALOG = "OrderPreviewDialog"
PREVIEW_DESCRIPTION = "previewDescription"
PREVIEW_COMMISSION = "previewCommission"
PREVIEW_MARGIN_TABLE = "previewMarginTable"
PREVIEW_ALLOCATION_TABLE = "previewAllocationTable"
PREVIEW_WARNINGS = "previewWarnings"
PREVIEW_CHECK_EXPOSURE_FEE = "previewCheckExposureFee"
PREVIEW_EXPOSURE_FEE_TABLE = "previewExposureFeeTable"
PREVIEW_TRANSMIT = "previewTransmit"
PREVIEW_CLOSE = "previewClose"

# Activity panel
ACTIVITY_DOCK = "activityDock"
ACTIVITY_PANEL = "ActivityPanel"
ACTIVITY_TABS = "activityTabs"
ACTIVITY_ACCOUNT = "activityAccount"
"""which accounts Activity shows: all, one, a partition, or a parent and its partition combined"""
ACTIVITY_ORDERS_TABLE = "activityOrdersTable"
ACTIVITY_ORDERS_FILTER = "activityOrdersFilter"
ACTIVITY_ALLOCATION_TABLE = "activityAllocationTable"
ACTIVITY_TRADES_TABLE = "activityTradesTable"
ACTIVITY_TRADES_SUMMARY_TABLE = "activityTradesSummaryTable"
ACTIVITY_STAGED_TABLE = "activityStagedTable"
ACTION_TRANSMIT_STAGED = "actionTransmitStaged"
ACTION_DISCARD_STAGED = "actionDiscardStaged"
ACTIVITY_LOG = "activityLog"
ACTION_PREVIEW_ORDER = "actionPreviewOrder"
ACTION_MODIFY_ORDER = "actionModifyOrder"
ACTION_CANCEL_ORDER = "actionCancelOrder"

# TWS API: File -> Global Configuration -> API -> Settings, and the API panel (connected clients, log)
ACTION_GLOBAL_CONFIGURATION = "actionGlobalConfiguration"
ACTION_SHOW_API = "actionShowApi"
GLOBAL_CONFIGURATION_DIALOG = "GlobalConfigurationDialog"
GLOBAL_CONFIGURATION_TREE = "globalConfigurationTree"
API_ENABLE_SOCKET_CLIENTS = "apiEnableSocketClients"
API_SOCKET_PORT = "apiSocketPort"
API_READ_ONLY = "apiReadOnly"
API_LOCALHOST_ONLY = "apiLocalhostOnly"
API_TRUSTED_IPS = "apiTrustedIps"
API_TRUSTED_IP_INPUT = "apiTrustedIpInput"
API_TRUSTED_IP_ADD = "apiTrustedIpAdd"
API_TRUSTED_IP_REMOVE = "apiTrustedIpRemove"
API_MASTER_CLIENT_ID = "apiMasterClientId"
API_MESSAGE_LOG_FILE = "apiMessageLogFile"
API_SETTINGS_MESSAGE = "apiSettingsMessage"
LOCK_AFTER_MINUTES = "lockAfterMinutes"
LOCK_MINUTES = "lockMinutes"
LOCK_NEVER = "lockNever"
AUTO_OFF_TIME = "autoOffTime"
AUTO_OFF_AM = "autoOffAm"
AUTO_OFF_PM = "autoOffPm"
AUTO_LOG_OFF = "autoLogOff"
AUTO_RESTART = "autoRestart"
AUTO_OFF_NONE = "autoOffNone"
LOCK_AND_EXIT_MESSAGE = "lockAndExitMessage"

# Log in (before the main window) and the lock screen over it
LOGIN_WINDOW = "LoginWindow"
LOGIN_USERNAME = "loginUsername"
LOGIN_PASSWORD = "loginPassword"
LOGIN_LIVE = "loginLiveTrading"
LOGIN_PAPER = "loginPaperTrading"
LOGIN_SUBMIT = "loginSubmit"
LOGIN_MESSAGE = "loginMessage"
SECOND_FACTOR_DIALOG = "secondFactorDialog"
SECOND_FACTOR_PROMPT = "secondFactorPrompt"
SECOND_FACTOR_RESPONSE = "secondFactorResponse"
SECOND_FACTOR_OK = "secondFactorOk"
SECOND_FACTOR_READ_ONLY = "secondFactorReadOnly"
EXISTING_SESSION_DIALOG = "existingSessionDialog"
EXISTING_SESSION_CONTINUE = "existingSessionContinue"
EXISTING_SESSION_EXIT = "existingSessionExit"
NON_BROKERAGE_DIALOG = "nonBrokerageDialog"
NON_BROKERAGE_ACCEPT = "nonBrokerageAccept"
LOCK_SCREEN = "lockScreen"
LOCK_PASSWORD = "lockPassword"
LOCK_UNLOCK = "lockUnlock"
LOCK_MESSAGE = "lockMessage"
SESSION_REPLACED_DIALOG = "sessionReplacedDialog"
ACTION_LOCK_APPLICATION = "actionLockApplication"
"""why the entered settings were refused (naming the field), or what applying them did"""
API_DOCK = "apiDock"
API_PANEL = "ApiPanel"
API_STATUS = "apiStatus"
API_CLIENTS_TABLE = "apiClientsTable"
API_LOG = "apiLog"

# Account Window
ACCOUNT_WINDOW = "AccountWindow"
ACCOUNT_SELECTOR = "accountSelector"
ACCOUNT_VALUES_TABLE = "accountValuesTable"
"""the Balances section's table (its name predates the sections)"""
ACCOUNT_HEADING = "accountHeading"
ACCOUNT_WARNING = "accountWarning"
ACCOUNT_SECTION_BALANCES = "accountSectionBalances"
ACCOUNT_SECTION_MARGIN = "accountSectionMargin"
ACCOUNT_SECTION_AVAILABLE = "accountSectionAvailable"
ACCOUNT_SECTION_CURRENCIES = "accountSectionCurrencies"
ACCOUNT_SECTION_FX = "accountSectionFx"
ACCOUNT_SECTION_PORTFOLIO = "accountSectionPortfolio"
ACCOUNT_MARGIN_TABLE = "accountMarginTable"
ACCOUNT_AVAILABLE_TABLE = "accountAvailableTable"
ACCOUNT_CURRENCY_TABLE = "accountCurrencyTable"
ACCOUNT_FX_TABLE = "accountFxTable"
ACCOUNT_PORTFOLIO_TABLE = "accountPortfolioTable"

# Chart panel (candles and volume, Risk Navigator P&L curve, exposure fee bars)
CHART_DOCK = "chartDock"
CHART_PANEL = "ChartPanel"
CHART_TABS = "chartTabs"
CHART_SYMBOL = "chartSymbol"
CHART_PRICE_PLOT = "chartPricePlot"
CHART_VOLUME_PLOT = "chartVolumePlot"
CHART_RISK_UNDERLYING = "chartRiskUnderlying"
CHART_RISK_PLOT = "chartRiskPlot"
CHART_EXPOSURE_FEE_PLOT = "chartExposureFeePlot"
CHART_PARTITION = "chartPartition"
"""the Partition tab's choice of partition"""
CHART_PARTITION_NLV_PLOT = "chartPartitionNlvPlot"
CHART_PARTITION_RETURN_PLOT = "chartPartitionReturnPlot"

# Advisor Setup dialog (Account -> Advisor Setup)
ADVISOR_SETUP_DIALOG = "AdvisorSetupDialog"
ADVISOR_SETUP_TABS = "advisorSetupTabs"
ADVISOR_GROUPS_LIST = "advisorGroupsList"
ADVISOR_GROUP_NAME = "advisorGroupName"
ADVISOR_GROUP_METHOD = "advisorGroupMethod"
ADVISOR_GROUP_MEMBERS = "advisorGroupMembers"
ADVISOR_GROUP_MESSAGE = "advisorGroupMessage"
ADVISOR_GROUP_SAVE = "advisorGroupSave"
ADVISOR_GROUP_NEW = "advisorGroupNew"
ADVISOR_MODELS_TABLE = "advisorModelsTable"
ADVISOR_MODEL_NAME = "advisorModelName"
ADVISOR_MODEL_CREATE = "advisorModelCreate"
ADVISOR_MODEL_MESSAGE = "advisorModelMessage"
ADVISOR_PRESET_STRICT = "advisorPresetStrict"
ADVISOR_PRESET_REDUCE = "advisorPresetReduce"
ADVISOR_PRESET_DEFAULT_METHOD = "advisorPresetDefaultMethod"
ADVISOR_PRESET_ROUND_LOTS = "advisorPresetRoundLots"
ADVISOR_PRESET_ODD_LOT_ACCOUNT = "advisorPresetOddLotAccount"
ADVISOR_PRESET_EQUAL_POSITIONS = "advisorPresetEqualPositions"
ADVISOR_PRESET_CLOSE_POSITIONS_FIRST = "advisorPresetClosePositionsFirst"
ADVISOR_PRESET_MESSAGE = "advisorPresetMessage"
ADVISOR_PRESET_SAVE = "advisorPresetSave"
ADVISOR_SETUP_CLOSE = "advisorSetupClose"

# Trade Log (Account -> Trade Log)
TRADE_LOG_DIALOG = "TradeLogDialog"
TRADE_LOG_PERIOD = "tradeLogPeriod"
TRADE_LOG_TABLE = "tradeLogTable"

# Audit Trail (Account -> Audit Trail)
AUDIT_TRAIL_DIALOG = "AuditTrailDialog"
AUDIT_TRAIL_FILTER = "auditTrailFilter"
AUDIT_TRAIL_TABLE = "auditTrailTable"

# Partition wizard (Account -> Create a Partition with an Advisor)
PARTITION_WIZARD = "PartitionWizard"
PARTITION_MARKETPLACE_PAGE = "partitionMarketplacePage"
PARTITION_ELIGIBILITY = "partitionEligibility"
"""why the chosen account cannot request a partition now (hidden when it can)"""
PARTITION_PARENT_ACCOUNT = "partitionParentAccount"
MARKETPLACE_SEARCH = "marketplaceSearch"
MARKETPLACE_KIND = "marketplaceKind"
MARKETPLACE_STRATEGY = "marketplaceStrategy"
MARKETPLACE_ASSET_CLASS = "marketplaceAssetClass"
MARKETPLACE_REGION = "marketplaceRegion"
MARKETPLACE_LANGUAGE = "marketplaceLanguage"
MARKETPLACE_MAX_MINIMUM = "marketplaceMaxMinimum"
MARKETPLACE_FEE_KIND = "marketplaceFeeKind"
MARKETPLACE_SORT = "marketplaceSort"
MARKETPLACE_DESCENDING = "marketplaceDescending"
MARKETPLACE_CLEAR = "marketplaceClear"
MARKETPLACE_TABLE = "marketplaceTable"
MARKETPLACE_COUNT = "marketplaceCount"
PARTITION_DETAILS_PAGE = "partitionDetailsPage"
PARTITION_ADVISOR_DETAILS = "partitionAdvisorDetails"
PARTITION_ADVISOR_NAME = "partitionAdvisorName"
PARTITION_ADVISOR_FEES = "partitionAdvisorFees"
PARTITION_PERMISSIONS_PAGE = "partitionPermissionsPage"
PARTITION_PERMISSIONS_INHERITED = "partitionPermissionsInherited"
PARTITION_PERMISSIONS_REMOVED = "partitionPermissionsRemoved"
PARTITION_PERMISSIONS_NOTE = "partitionPermissionsNote"
PARTITION_FEES_PAGE = "partitionFeesPage"
PARTITION_FEE_LINES = "partitionFeeLines"
PARTITION_FEES_ACKNOWLEDGE = "partitionFeesAcknowledge"
PARTITION_REVIEW_PAGE = "partitionReviewPage"
PARTITION_SUMMARY = "partitionSummary"
PARTITION_SUMMARY_ACCOUNT = "partitionSummaryAccount"
PARTITION_SUMMARY_PROVIDER = "partitionSummaryProvider"
PARTITION_SUMMARY_PERMISSIONS = "partitionSummaryPermissions"
PARTITION_SUMMARY_REMOVED = "partitionSummaryRemoved"
PARTITION_SUMMARY_FEES = "partitionSummaryFees"
PARTITION_READY_TIME = "partitionReadyTime"
PARTITION_MESSAGE = "partitionMessage"
PARTITION_BACK = "partitionBack"
PARTITION_NEXT = "partitionNext"
PARTITION_NEXT_HINT = "partitionNextHint"
PARTITION_FINISH = "partitionFinish"
PARTITION_CANCEL = "partitionCancel"

# Transfers dialog (Account -> Transfers)
TRANSFER_CONFIRM_DIALOG = "transferConfirmDialog"
TRANSFER_CONFIRM = "transferConfirm"
TRANSFERS_DIALOG = "TransfersDialog"
TRANSFERS_TABS = "transfersTabs"
TRANSFERS_PARTITION = "transfersPartition"
"""the login's partition and its state, above the tabs"""
TRANSFERS_CLOSE = "transfersClose"
FUND_TRANSFER_TAB = "fundTransferTab"
FUND_TRANSFER_NOTICE = "fundTransferNotice"
FUND_TRANSFER_FROM = "fundTransferFrom"
FUND_TRANSFER_TO = "fundTransferTo"
FUND_TRANSFER_CURRENCY = "fundTransferCurrency"
FUND_TRANSFER_AMOUNT = "fundTransferAmount"
FUND_TRANSFER_SUBMIT = "fundTransferSubmit"
FUND_TRANSFER_MESSAGE = "fundTransferMessage"
POSITION_TRANSFER_TAB = "positionTransferTab"
POSITION_TRANSFER_NOTICE = "positionTransferNotice"
POSITION_TRANSFER_FROM = "positionTransferFrom"
POSITION_TRANSFER_TO = "positionTransferTo"
POSITION_TRANSFER_SYMBOL = "positionTransferSymbol"
POSITION_TRANSFER_QUANTITY = "positionTransferQuantity"
POSITION_TRANSFER_SUBMIT = "positionTransferSubmit"
POSITION_TRANSFER_MESSAGE = "positionTransferMessage"
DEPOSIT_TAB = "depositTab"
DEPOSIT_ACCOUNT = "depositAccount"
DEPOSIT_CURRENCY = "depositCurrency"
DEPOSIT_AMOUNT = "depositAmount"
DEPOSIT_SUBMIT = "depositSubmit"
DEPOSIT_MESSAGE = "depositMessage"
WITHDRAW_TAB = "withdrawTab"
WITHDRAW_ACCOUNT = "withdrawAccount"
WITHDRAW_CURRENCY = "withdrawCurrency"
WITHDRAW_AVAILABLE = "withdrawAvailable"
WITHDRAW_AMOUNT = "withdrawAmount"
WITHDRAW_SUBMIT = "withdrawSubmit"
WITHDRAW_MESSAGE = "withdrawMessage"

# Account -> Statements
STATEMENTS_DIALOG = "StatementsDialog"
STATEMENT_TYPE = "statementType"
STATEMENT_PERIOD = "statementPeriod"
STATEMENT_DATE = "statementDate"
STATEMENT_FROM = "statementFrom"
STATEMENT_TO = "statementTo"
STATEMENT_FORMAT = "statementFormat"
STATEMENT_ACCOUNT = "statementAccount"
STATEMENT_FOLDER = "statementFolder"
STATEMENT_RUN = "statementRun"
STATEMENT_OPEN = "statementOpen"
STATEMENT_MESSAGE = "statementMessage"
STATEMENT_PREVIEW = "statementPreview"
STATEMENTS_CLOSE = "statementsClose"

# Message boxes
RESET_DATABASE_DIALOG = "resetDatabaseDialog"
ABOUT_DIALOG = "aboutDialog"

CHART_NAMES: tuple[str, ...] = (
    CHART_PANEL, CHART_TABS, CHART_SYMBOL, CHART_PRICE_PLOT, CHART_VOLUME_PLOT, CHART_RISK_UNDERLYING,
    CHART_RISK_PLOT, CHART_EXPOSURE_FEE_PLOT, CHART_PARTITION, CHART_PARTITION_NLV_PLOT, CHART_PARTITION_RETURN_PLOT,
)
"""Names inside the Chart panel."""

MAIN_WINDOW_NAMES: tuple[str, ...] = (
    MAIN_WINDOW, MENU_BAR, MENU_FILE, ACTION_RESET_DATABASE, ACTION_EXIT, MENU_ACCOUNT, ACTION_ACCOUNT_WINDOW,
    ACTION_ADVISOR_SETUP, ACTION_CREATE_PARTITION, ACTION_TRANSFERS, ACTION_STATEMENTS,
    MENU_NEW_WINDOW, ACTION_NEW_WATCHLIST, ACTION_SHOW_MONITOR, ACTION_SHOW_ORDER_ENTRY, ACTION_SHOW_ACTIVITY,
    ACTION_SHOW_CHART, MENU_HELP, ACTION_ABOUT, MAIN_TOOLBAR, TOOL_NEW_WINDOW,
    STATUS_BAR, STATUS_CLOCK, STATUS_MARKET_STATE, STATUS_USER, STATUS_ACCOUNT, STATUS_PARTITION,
    ENGINE_HALTED_BANNER, ENGINE_HALTED_MESSAGE,
    MONITOR_DOCK, MONITOR_PANEL, MONITOR_TABS, PORTFOLIO_PAGE, PORTFOLIO_ACCOUNT, PORTFOLIO_TABLE,
    WATCHLIST_PANEL, WATCHLIST_TABLE, WATCHLIST_SYMBOL_INPUT, WATCHLIST_MESSAGE, ACTION_REMOVE_SYMBOL,
    ORDER_ENTRY_DOCK, ORDER_ENTRY_PANEL, ORDER_SYMBOL, ORDER_DESCRIPTION, ORDER_QUOTE, ORDER_BUY, ORDER_SELL,
    ORDER_QUANTITY, ORDER_TYPE, ORDER_LIMIT_PRICE, ORDER_STOP_PRICE, ORDER_PRICE_BID, ORDER_PRICE_MID,
    ORDER_PRICE_ASK, ORDER_TIF, ORDER_OUTSIDE_RTH, ORDER_ALLOCATION, ORDER_ALLOCATION_METHOD, ORDER_MESSAGE,
    ORDER_SUBMIT, ORDER_SAVE, ORDER_MODIFYING, ORDER_CANCEL_MODIFY, ORDER_CHECK_MARGIN,
    ACTIVITY_DOCK, ACTIVITY_PANEL, ACTIVITY_TABS, ACTIVITY_ACCOUNT, ACTIVITY_ORDERS_TABLE, ACTIVITY_ORDERS_FILTER,
    ACTIVITY_ALLOCATION_TABLE, ACTIVITY_TRADES_TABLE, ACTIVITY_TRADES_SUMMARY_TABLE, ACTIVITY_STAGED_TABLE,
    ACTION_TRANSMIT_STAGED, ACTION_DISCARD_STAGED, ACTIVITY_LOG, ACTION_PREVIEW_ORDER, ACTION_MODIFY_ORDER,
    ACTION_CANCEL_ORDER, CHART_DOCK, *CHART_NAMES,
    ACTION_GLOBAL_CONFIGURATION, ACTION_SHOW_API, API_DOCK, API_PANEL, API_STATUS, API_CLIENTS_TABLE, API_LOG,
)
"""Names present in a freshly built main window (with its default watchlist)."""

ACCOUNT_WINDOW_NAMES: tuple[str, ...] = (
    ACCOUNT_WINDOW, ACCOUNT_SELECTOR, ACCOUNT_VALUES_TABLE, ACCOUNT_HEADING, ACCOUNT_WARNING,
    ACCOUNT_SECTION_BALANCES, ACCOUNT_SECTION_MARGIN, ACCOUNT_SECTION_AVAILABLE, ACCOUNT_SECTION_CURRENCIES,
    ACCOUNT_SECTION_FX, ACCOUNT_SECTION_PORTFOLIO, ACCOUNT_MARGIN_TABLE, ACCOUNT_AVAILABLE_TABLE,
    ACCOUNT_CURRENCY_TABLE, ACCOUNT_FX_TABLE, ACCOUNT_PORTFOLIO_TABLE,
)
"""Names present once Account -> Account Window is open."""

ORDER_PREVIEW_NAMES: tuple[str, ...] = (
    ORDER_PREVIEW_DIALOG, PREVIEW_DESCRIPTION, PREVIEW_COMMISSION, PREVIEW_MARGIN_TABLE, PREVIEW_ALLOCATION_TABLE,
    PREVIEW_WARNINGS, PREVIEW_CHECK_EXPOSURE_FEE, PREVIEW_EXPOSURE_FEE_TABLE, PREVIEW_TRANSMIT, PREVIEW_CLOSE,
)
"""Names present while an Order Preview is open (Order Entry -> Check Margin)."""

DIALOG_NAMES: tuple[str, ...] = (RESET_DATABASE_DIALOG, ABOUT_DIALOG)
"""Message boxes, present while shown."""

ORDER_CONFIRM_NAMES: tuple[str, ...] = (ORDER_CONFIRM_DIALOG, ORDER_TRANSMIT)
"""The confirmation Order Entry -> Submit opens."""


ADVISOR_SETUP_NAMES: tuple[str, ...] = (
    ADVISOR_SETUP_DIALOG, ADVISOR_SETUP_TABS, ADVISOR_GROUPS_LIST, ADVISOR_GROUP_NAME, ADVISOR_GROUP_METHOD,
    ADVISOR_GROUP_MEMBERS, ADVISOR_GROUP_MESSAGE, ADVISOR_GROUP_SAVE, ADVISOR_GROUP_NEW, ADVISOR_MODELS_TABLE,
    ADVISOR_MODEL_NAME, ADVISOR_MODEL_CREATE, ADVISOR_MODEL_MESSAGE, ADVISOR_PRESET_STRICT, ADVISOR_PRESET_REDUCE,
    ADVISOR_PRESET_DEFAULT_METHOD, ADVISOR_PRESET_ROUND_LOTS, ADVISOR_PRESET_ODD_LOT_ACCOUNT,
    ADVISOR_PRESET_EQUAL_POSITIONS, ADVISOR_PRESET_CLOSE_POSITIONS_FIRST, ADVISOR_PRESET_MESSAGE, ADVISOR_PRESET_SAVE,
    ADVISOR_SETUP_CLOSE,
)
"""Names present while Account -> Advisor Setup is open (an advisor login)."""

TRADE_LOG_NAMES: tuple[str, ...] = (ACTION_TRADE_LOG, TRADE_LOG_DIALOG, TRADE_LOG_PERIOD, TRADE_LOG_TABLE)
"""Names present while Account -> Trade Log is open."""

AUDIT_TRAIL_NAMES: tuple[str, ...] = (ACTION_AUDIT_TRAIL, AUDIT_TRAIL_DIALOG, AUDIT_TRAIL_FILTER, AUDIT_TRAIL_TABLE)
"""Names present while Account -> Audit Trail is open."""

INLINE_PROFILE_NAMES: tuple[str, ...] = (
    ORDER_PROFILE_EDIT, INLINE_PROFILE_DIALOG, INLINE_PROFILE_METHOD, INLINE_PROFILE_MEMBERS, INLINE_PROFILE_MESSAGE,
    INLINE_PROFILE_OK,
)
"""Order Entry's inline profile editor (advisor logins: the button, then the dialog while open)."""

PARTITION_WIZARD_NAMES: tuple[str, ...] = (
    PARTITION_WIZARD, PARTITION_MARKETPLACE_PAGE, PARTITION_ELIGIBILITY, PARTITION_PARENT_ACCOUNT, MARKETPLACE_SEARCH,
    MARKETPLACE_KIND, MARKETPLACE_STRATEGY, MARKETPLACE_ASSET_CLASS, MARKETPLACE_REGION, MARKETPLACE_LANGUAGE,
    MARKETPLACE_MAX_MINIMUM, MARKETPLACE_FEE_KIND, MARKETPLACE_SORT, MARKETPLACE_DESCENDING, MARKETPLACE_CLEAR,
    MARKETPLACE_TABLE, MARKETPLACE_COUNT, PARTITION_DETAILS_PAGE, PARTITION_ADVISOR_DETAILS, PARTITION_ADVISOR_NAME,
    PARTITION_ADVISOR_FEES, PARTITION_PERMISSIONS_PAGE, PARTITION_PERMISSIONS_INHERITED,
    PARTITION_PERMISSIONS_REMOVED, PARTITION_PERMISSIONS_NOTE, PARTITION_FEES_PAGE, PARTITION_FEE_LINES,
    PARTITION_FEES_ACKNOWLEDGE, PARTITION_REVIEW_PAGE, PARTITION_SUMMARY, PARTITION_SUMMARY_ACCOUNT,
    PARTITION_SUMMARY_PROVIDER, PARTITION_SUMMARY_PERMISSIONS, PARTITION_SUMMARY_REMOVED, PARTITION_SUMMARY_FEES,
    PARTITION_READY_TIME,
    PARTITION_MESSAGE, PARTITION_BACK, PARTITION_NEXT, PARTITION_NEXT_HINT, PARTITION_FINISH, PARTITION_CANCEL,
)
"""Names present while Account -> Create a Partition with an Advisor is open (every page is built up front)."""

TRANSFERS_NAMES: tuple[str, ...] = (
    TRANSFERS_DIALOG, TRANSFERS_TABS, TRANSFERS_PARTITION, TRANSFERS_CLOSE,
    FUND_TRANSFER_TAB, FUND_TRANSFER_NOTICE, FUND_TRANSFER_FROM, FUND_TRANSFER_TO, FUND_TRANSFER_CURRENCY,
    FUND_TRANSFER_AMOUNT, FUND_TRANSFER_SUBMIT, FUND_TRANSFER_MESSAGE,
    POSITION_TRANSFER_TAB, POSITION_TRANSFER_NOTICE, POSITION_TRANSFER_FROM, POSITION_TRANSFER_TO,
    POSITION_TRANSFER_SYMBOL, POSITION_TRANSFER_QUANTITY, POSITION_TRANSFER_SUBMIT, POSITION_TRANSFER_MESSAGE,
    DEPOSIT_TAB, DEPOSIT_ACCOUNT, DEPOSIT_CURRENCY, DEPOSIT_AMOUNT, DEPOSIT_SUBMIT, DEPOSIT_MESSAGE,
    WITHDRAW_TAB, WITHDRAW_ACCOUNT, WITHDRAW_CURRENCY, WITHDRAW_AVAILABLE, WITHDRAW_AMOUNT, WITHDRAW_SUBMIT,
    WITHDRAW_MESSAGE,
)
"""Names present while Account -> Transfers is open."""

STATEMENTS_NAMES: tuple[str, ...] = (
    STATEMENTS_DIALOG, STATEMENT_TYPE, STATEMENT_PERIOD, STATEMENT_DATE, STATEMENT_FROM, STATEMENT_TO,
    STATEMENT_FORMAT, STATEMENT_ACCOUNT, STATEMENT_FOLDER, STATEMENT_RUN, STATEMENT_OPEN, STATEMENT_MESSAGE,
    STATEMENT_PREVIEW, STATEMENTS_CLOSE,
)
"""Names present while Account -> Statements is open."""

GLOBAL_CONFIGURATION_NAMES: tuple[str, ...] = (
    GLOBAL_CONFIGURATION_DIALOG, GLOBAL_CONFIGURATION_TREE, API_ENABLE_SOCKET_CLIENTS, API_SOCKET_PORT, API_READ_ONLY,
    API_LOCALHOST_ONLY, API_TRUSTED_IPS, API_TRUSTED_IP_INPUT, API_TRUSTED_IP_ADD, API_TRUSTED_IP_REMOVE,
    API_MASTER_CLIENT_ID, API_MESSAGE_LOG_FILE, API_SETTINGS_MESSAGE, LOCK_AFTER_MINUTES, LOCK_MINUTES, LOCK_NEVER,
    AUTO_OFF_TIME, AUTO_OFF_AM, AUTO_OFF_PM, AUTO_LOG_OFF, AUTO_RESTART, AUTO_OFF_NONE, LOCK_AND_EXIT_MESSAGE,
)
"""Names present while File -> Global Configuration is open (its API -> Settings and Lock and Exit pages)."""

LOGIN_NAMES: tuple[str, ...] = (
    LOGIN_WINDOW, LOGIN_USERNAME, LOGIN_PASSWORD, LOGIN_LIVE, LOGIN_PAPER, LOGIN_SUBMIT, LOGIN_MESSAGE,
    SECOND_FACTOR_DIALOG, SECOND_FACTOR_PROMPT, SECOND_FACTOR_RESPONSE, SECOND_FACTOR_OK, SECOND_FACTOR_READ_ONLY,
    EXISTING_SESSION_DIALOG, EXISTING_SESSION_CONTINUE, EXISTING_SESSION_EXIT, NON_BROKERAGE_DIALOG,
    NON_BROKERAGE_ACCEPT,
)
"""The Login window and the dialogs it opens, before the main window exists (not in ALL_NAMES)."""

LOCK_SCREEN_NAMES: tuple[str, ...] = (LOCK_SCREEN, LOCK_PASSWORD, LOCK_UNLOCK, LOCK_MESSAGE, SESSION_REPLACED_DIALOG,
                                       ACTION_LOCK_APPLICATION)
"""The lock screen over the main window, present while the trading system is locked, the notice that another
log-in took the session, and File -> Lock Application (a login with a password only; not in ALL_NAMES)."""

# Account -> Account Management: a page list on the left (Funding, Settings), one page shown at a time
ACTION_ACCOUNT_MANAGEMENT = "actionAccountManagement"
ACCOUNT_MANAGEMENT_DIALOG = "AccountManagementDialog"
ACCOUNT_MANAGEMENT_ACCOUNT = "accountManagementAccount"
ACCOUNT_MANAGEMENT_PAGES = "accountManagementPages"
ACCOUNT_MANAGEMENT_STACK = "accountManagementStack"
ACCOUNT_MANAGEMENT_CLOSE = "accountManagementClose"
FUNDING_DEPOSIT_PAGE = "fundingDepositPage"
FUNDING_DEPOSIT_METHOD = "fundingDepositMethod"
FUNDING_DEPOSIT_AMOUNT = "fundingDepositAmount"
FUNDING_DEPOSIT_CURRENCY = "fundingDepositCurrency"
FUNDING_DEPOSIT_BANK = "fundingDepositBank"
FUNDING_DEPOSIT_TIMING = "fundingDepositTiming"
FUNDING_DEPOSIT_SUBMIT = "fundingDepositSubmit"
FUNDING_DEPOSIT_MESSAGE = "fundingDepositMessage"
FUNDING_WITHDRAWAL_PAGE = "fundingWithdrawalPage"
FUNDING_WITHDRAWAL_AMOUNT = "fundingWithdrawalAmount"
FUNDING_WITHDRAWAL_CURRENCY = "fundingWithdrawalCurrency"
FUNDING_WITHDRAWAL_BANK = "fundingWithdrawalBank"
FUNDING_WITHDRAWAL_METHOD = "fundingWithdrawalMethod"
FUNDING_WITHDRAWAL_LIMITS = "fundingWithdrawalLimits"
FUNDING_WITHDRAWAL_SUBMIT = "fundingWithdrawalSubmit"
FUNDING_WITHDRAWAL_MESSAGE = "fundingWithdrawalMessage"
TRANSACTION_HISTORY_PAGE = "transactionHistoryPage"
TRANSACTION_HISTORY_TABLE = "transactionHistoryTable"
PENDING_DEPOSITS_PAGE = "pendingDepositsPage"
PENDING_DEPOSITS_TABLE = "pendingDepositsTable"
ACCOUNT_TYPE_PAGE = "accountTypePage"
ACCOUNT_TYPE_CURRENT = "accountTypeCurrent"
ACCOUNT_TYPE_TARGET = "accountTypeTarget"
ACCOUNT_TYPE_REQUIREMENTS = "accountTypeRequirements"
ACCOUNT_TYPE_DISCLOSURE = "accountTypeDisclosure"
ACCOUNT_TYPE_SIGNATURE = "accountTypeSignature"
ACCOUNT_TYPE_SUBMIT = "accountTypeSubmit"
ACCOUNT_TYPE_MESSAGE = "accountTypeMessage"
ACCOUNT_TYPE_PENDING = "accountTypePending"
TRADING_PERMISSIONS_PAGE = "tradingPermissionsPage"
TRADING_PERMISSIONS_GRID = "tradingPermissionsGrid"
TRADING_PERMISSIONS_ACKNOWLEDGE = "tradingPermissionsAcknowledge"
TRADING_PERMISSIONS_SIGNATURE = "tradingPermissionsSignature"
TRADING_PERMISSIONS_SUBMIT = "tradingPermissionsSubmit"
TRADING_PERMISSIONS_MESSAGE = "tradingPermissionsMessage"
BASE_CURRENCY_PAGE = "baseCurrencyPage"
BASE_CURRENCY_CURRENT = "baseCurrencyCurrent"
BASE_CURRENCY_CHOICE = "baseCurrencyChoice"
BASE_CURRENCY_SUBMIT = "baseCurrencySubmit"
BASE_CURRENCY_MESSAGE = "baseCurrencyMessage"
SECURITY_PAGE = "securityPage"
SECURITY_DEVICE = "securityDevice"
SECURITY_LIMITS = "securityLimits"
SECURITY_SUBMIT = "securitySubmit"
SECURITY_MESSAGE = "securityMessage"

ACCOUNT_MANAGEMENT_NAMES: tuple[str, ...] = (
    ACTION_ACCOUNT_MANAGEMENT, ACCOUNT_MANAGEMENT_DIALOG, ACCOUNT_MANAGEMENT_ACCOUNT, ACCOUNT_MANAGEMENT_PAGES,
    ACCOUNT_MANAGEMENT_STACK, ACCOUNT_MANAGEMENT_CLOSE,
    FUNDING_DEPOSIT_PAGE, FUNDING_DEPOSIT_METHOD, FUNDING_DEPOSIT_AMOUNT, FUNDING_DEPOSIT_CURRENCY,
    FUNDING_DEPOSIT_BANK, FUNDING_DEPOSIT_TIMING, FUNDING_DEPOSIT_SUBMIT, FUNDING_DEPOSIT_MESSAGE,
    FUNDING_WITHDRAWAL_PAGE, FUNDING_WITHDRAWAL_AMOUNT, FUNDING_WITHDRAWAL_CURRENCY, FUNDING_WITHDRAWAL_BANK,
    FUNDING_WITHDRAWAL_METHOD, FUNDING_WITHDRAWAL_LIMITS, FUNDING_WITHDRAWAL_SUBMIT, FUNDING_WITHDRAWAL_MESSAGE,
    TRANSACTION_HISTORY_PAGE, TRANSACTION_HISTORY_TABLE, PENDING_DEPOSITS_PAGE, PENDING_DEPOSITS_TABLE,
    ACCOUNT_TYPE_PAGE, ACCOUNT_TYPE_CURRENT, ACCOUNT_TYPE_TARGET, ACCOUNT_TYPE_REQUIREMENTS, ACCOUNT_TYPE_DISCLOSURE,
    ACCOUNT_TYPE_SIGNATURE, ACCOUNT_TYPE_SUBMIT, ACCOUNT_TYPE_MESSAGE, ACCOUNT_TYPE_PENDING,
    TRADING_PERMISSIONS_PAGE, TRADING_PERMISSIONS_GRID, TRADING_PERMISSIONS_ACKNOWLEDGE, TRADING_PERMISSIONS_SIGNATURE,
    TRADING_PERMISSIONS_SUBMIT, TRADING_PERMISSIONS_MESSAGE,
    BASE_CURRENCY_PAGE, BASE_CURRENCY_CURRENT, BASE_CURRENCY_CHOICE, BASE_CURRENCY_SUBMIT, BASE_CURRENCY_MESSAGE,
    SECURITY_PAGE, SECURITY_DEVICE, SECURITY_LIMITS, SECURITY_SUBMIT, SECURITY_MESSAGE,
)
"""Names present while Account -> Account Management is open (every page is built up front)."""

ALL_NAMES: tuple[str, ...] = (MAIN_WINDOW_NAMES + ACCOUNT_WINDOW_NAMES + ORDER_PREVIEW_NAMES + DIALOG_NAMES
                              + ORDER_CONFIRM_NAMES + ADVISOR_SETUP_NAMES + TRADE_LOG_NAMES
                              + AUDIT_TRAIL_NAMES + INLINE_PROFILE_NAMES + PARTITION_WIZARD_NAMES
                              + TRANSFERS_NAMES + GLOBAL_CONFIGURATION_NAMES + ACCOUNT_MANAGEMENT_NAMES
                              + STATEMENTS_NAMES)


def numbered(name: str, ordinal: int) -> str:
    """The name of the ``ordinal``-th instance (1-based) of a widget that can be opened repeatedly."""
    if ordinal < 1:
        raise ValueError(f"ordinal: {ordinal} must be 1 or more")
    return name if ordinal == 1 else f"{name}{ordinal}"
