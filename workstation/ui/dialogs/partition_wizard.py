"""PartitionWizard: Account -> Create a Partition with an Advisor (ib-domain §7, PART-IB).

The Investors' Marketplace, the chosen provider's details, the permissions the partition inherits,
its fees, then a review that says when the partition will be ready for funding. Finish sends
``RequestPartition`` through the bridge; an engine refusal stays on the review page with the
wizard open, and nothing is sent before Finish (Cancel sends nothing).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGridLayout, QLabel, QVBoxLayout, QWidget, QWizard, QWizardPage

from workstation.engine import ClockAdvanced, Event, Rejected
from workstation.engine.core.errors import FIELD_ERRORS
from workstation.engine.partitions.timing import partition_ready_time
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.dialogs.marketplace_page import MarketplacePage
from workstation.ui.dialogs.partition_choice import PartitionChoice, shared_marketplace
from workstation.ui.dialogs.partition_pages import DetailsPage, FeesPage, PermissionsPage
from workstation.ui.dialogs.partition_text import eligibility_problem, holder_accounts, ready_wording
from workstation.ui.field_labels import refusal_shown
from workstation.ui.widgets.marking import repolish

WIZARD_BUTTONS = (
    (QWizard.WizardButton.BackButton, names.PARTITION_BACK),
    (QWizard.WizardButton.NextButton, names.PARTITION_NEXT),
    (QWizard.WizardButton.FinishButton, names.PARTITION_FINISH),
    (QWizard.WizardButton.CancelButton, names.PARTITION_CANCEL),
)


class ReviewPage(QWizardPage):
    """The request in full and when it will be ready; Finish submits it."""

    sig_requested = Signal(object)
    """PartitionView: the engine accepted the request."""

    def __init__(self, choice: PartitionChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.PARTITION_REVIEW_PAGE)
        self.setTitle("Review and submit")
        self.setSubTitle("Finish sends the request. The provider cannot refuse it.")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Submit Request")
        self.choice = choice
        self.summary = QWidget(self)
        self.summary.setObjectName(names.PARTITION_SUMMARY)
        form = QFormLayout(self.summary)
        form.setContentsMargins(0, 0, 0, 0)
        self.account = self._row(form, "Account", names.PARTITION_SUMMARY_ACCOUNT)
        self.provider = self._row(form, "Managed by", names.PARTITION_SUMMARY_PROVIDER)
        self.permissions = self._row(form, "Inherits", names.PARTITION_SUMMARY_PERMISSIONS)
        self.removed = self._row(form, "Removed", names.PARTITION_SUMMARY_REMOVED)
        self.fees = self._row(form, "Fees", names.PARTITION_SUMMARY_FEES)
        self.ready = QLabel(self)
        self.ready.setObjectName(names.PARTITION_READY_TIME)
        self.ready.setProperty("heading", True)
        cutoff = QLabel("A request made before 16:00 ET on a business day is ready for funding by 18:00 ET that "
                        "day; a later one by 18:00 ET on the next business day. Fund it from Account -> Transfers "
                        "once it is open.", self)
        cutoff.setWordWrap(True)
        cutoff.setProperty("hint", True)
        self.message = QLabel(self)
        self.message.setObjectName(names.PARTITION_MESSAGE)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addSpacing(12)
        layout.addWidget(self.ready)
        layout.addWidget(cutoff)
        layout.addSpacing(8)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def initializePage(self) -> None:
        choice = self.choice
        listing = choice.listing
        if listing is None:
            return
        kept, removed = choice.permissions()
        self.account.setText(choice.parent)
        self.provider.setText(f"{listing.name}, {listing.firm} ({listing.kind.value}, master account "
                              f"{listing.listing_id})")
        self.permissions.setText(", ".join(sorted(str(p) for p in kept)))
        self.removed.setText(f"{', '.join(str(p) for p in removed)} ({listing.name} is not entitled to them)"
                             if removed else "None")
        self.fees.setText("\n".join(listing.fees.describe()))
        self.show_ready_time()
        problem = eligibility_problem(choice.engine, choice.parent)
        self._say(problem, "warning" if problem else "")

    def show_ready_time(self) -> None:
        engine = self.choice.engine
        try:
            ready = partition_ready_time(engine.calendar, engine.now)
        except ValueError as error:
            self.ready.setText(str(error))
            return
        self.ready.setText(ready_wording(ready, engine.now))

    def validatePage(self) -> bool:
        """Finish: submit the request; True (the wizard closes) only if the engine accepts it."""
        choice = self.choice
        try:
            command = choice.command()
        except FIELD_ERRORS as error:
            self._say(refusal_shown(error), "error")
            return False
        result = choice.bridge.submit(command)
        if isinstance(result, Rejected):
            self._say(refusal_shown(result), "error")
            return False
        view = next(p for p in choice.engine.partitions(choice.parent) if p.parent == choice.parent)
        self._say(f"Requested {view.partition_id}, managed by {view.advisor_name}.", "ok")
        self.sig_requested.emit(view)
        return True

    def _row(self, form: QFormLayout, caption: str, name: str) -> QLabel:
        label = QLabel(self.summary)
        label.setObjectName(name)
        label.setWordWrap(True)
        form.addRow(caption, label)
        return label

    def _say(self, text: str, state: str) -> None:
        self.message.setText(text)
        if self.message.property("state") != state:
            self.message.setProperty("state", state)
            repolish(self.message)


class PartitionWizard(QWizard):
    """Modeless; built for ``login``, partitioning its own account unless another is chosen."""

    sig_partition_requested = Signal(object)
    """PartitionView: the request was accepted (the partition is pending until its ready time)."""

    MARKETPLACE, DETAILS, PERMISSIONS, FEES, REVIEW = range(5)

    def __init__(self, bridge: EngineBridge, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.PARTITION_WIZARD)
        self.setWindowTitle("Create a Partition with an Advisor")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setModal(False)
        self.choice = PartitionChoice(bridge, login, holder_accounts(bridge.engine, login)[0], shared_marketplace())
        self.marketplace_page = MarketplacePage(self.choice)
        self.details_page = DetailsPage(self.choice)
        self.permissions_page = PermissionsPage(self.choice)
        self.fees_page = FeesPage(self.choice)
        self.review_page = ReviewPage(self.choice)
        for page_id, page in enumerate((self.marketplace_page, self.details_page, self.permissions_page,
                                        self.fees_page, self.review_page)):
            self.setPage(page_id, page)
        for which, name in WIZARD_BUTTONS:
            self.button(which).setObjectName(name)
        self.review_page.sig_requested.connect(self.sig_partition_requested)
        self.next_hint = QLabel(self)
        self.next_hint.setObjectName(names.PARTITION_NEXT_HINT)
        self.next_hint.setProperty("hint", True)
        self.next_hint.setWordWrap(True)
        self.currentIdChanged.connect(lambda _id: self._show_next_hint())
        for page_id in self.pageIds():
            self.page(page_id).completeChanged.connect(self._show_next_hint)
        bridge.sig_partitions_changed.connect(self._on_partitions_changed)
        bridge.sig_clock_advanced.connect(self._on_clock_advanced)
        self.resize(1240, 680)

    def _show_next_hint(self) -> None:
        """Under the current page, and on Next, what Next waits for (hidden once the page is complete)."""
        page = self.currentPage()
        if page is None:
            return
        hint = "" if page.isComplete() or not hasattr(page, "next_hint") else page.next_hint()
        if self.next_hint.parent() is not page:  # one hint, moved to the page shown
            layout = page.layout()
            if isinstance(layout, QGridLayout):
                layout.addWidget(self.next_hint, layout.rowCount(), 0, 1, -1)
            else:
                layout.addWidget(self.next_hint)
        self.next_hint.setText(hint)
        self.next_hint.setVisible(bool(hint))
        self.button(QWizard.WizardButton.NextButton).setToolTip(hint)

    def _on_partitions_changed(self, _event: Event) -> None:
        self.marketplace_page.show_eligibility()

    def _on_clock_advanced(self, _event: ClockAdvanced) -> None:
        if self.currentId() == self.REVIEW:
            self.review_page.show_ready_time()
