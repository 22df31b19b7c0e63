// Original file: proto/bbs.proto


export interface Empty {
}

export interface Empty__Output {
}
