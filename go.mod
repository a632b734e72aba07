module lotledger

go 1.26
