"""Place an advisor group order over the TWS API and print how IB's allocation shared it.

Start a gateway on the advisor scenario (FA9 advising K1, K2 and K3, with the group "Growth"):

    workstation gateway --scenario tests/scenarios/advisor_orders.yaml --port 4002

then run this script with ib_async installed:

    python examples/advisor_group_order.py --port 4002
"""

import argparse

from ib_async import IB, ExecutionFilter, MarketOrder, Stock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4002)
    parser.add_argument("--client-id", type=int, default=7)
    args = parser.parse_args()

    ib = IB()
    ib.connect(args.host, args.port, clientId=args.client_id, timeout=10)
    try:
        master, *clients = ib.managedAccounts()  # an advisor's master first, then its clients
        print(f"advisor {master} manages {', '.join(clients)}")

        [msft] = ib.qualifyContracts(Stock("MSFT", "SMART", "USD"))
        print(f"{msft.symbol} is conId {msft.conId}")

        # An advisor order names its allocation: the group, and the method in IB's legacy or current name.
        order = MarketOrder("BUY", 45, faGroup="Growth", faMethod="EqualQuantity")
        trade = ib.placeOrder(msft, order)
        while not trade.isDone():
            ib.waitOnUpdate(timeout=10)
        status = trade.orderStatus
        print(f"order {order.orderId}: {status.status} {status.filled:g} at {status.avgFillPrice:.2f}")

        # The placing client hears of the block on the master account; each client's share is read with
        # reqExecutions filtered by that account.
        for fill in trade.fills:
            print(f"block {fill.execution.execId} {fill.execution.acctNumber} {fill.execution.shares:g}")
        for account in clients:
            shares = sum(fill.execution.shares for fill in ib.reqExecutions(ExecutionFilter(acctCode=account))
                         if fill.execution.permId == order.permId)
            print(f"allocated {account} {shares:g}")
    finally:
        ib.disconnect()


if __name__ == "__main__":
    main()
