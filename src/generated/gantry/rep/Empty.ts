// Original file: proto/rep.proto


export interface Empty {
}

export interface Empty__Output {
}
