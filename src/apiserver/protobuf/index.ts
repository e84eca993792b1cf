// protobuf: decodes Kubernetes protobuf request bodies (application/vnd.kubernetes.protobuf, which
// kubectl 1.32's typed clients send for create, token, auth can-i and whoami) into the JSON
// objects the rest of the server works with. Responses are always JSON; kubectl accepts that.
export { decodeProtobufObject, isProtobufContentType, protobufKinds, protobufMagic, protobufMediaType, startsWithMagic } from './decode.ts';
