// Original file: proto/auctioneer.proto


export interface Empty {
}

export interface Empty__Output {
}
