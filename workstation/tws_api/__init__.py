"""The TWS API: the socket protocol real IB API programs (ib_async, ibapi) speak, served above the engine."""
