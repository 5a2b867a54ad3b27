/** lossyvision's `video` namespace: Video codecs through ffmpeg, frame decoding, probing, and optical flow. */
export { findFfmpeg, locateFfmpeg, FFMPEG_HELP, type Ffmpeg, type FfmpegSource } from '../video/ffmpeg.js';
export { probeVideo, type VideoProbe } from '../video/probe.js';
export { decodeFrames, type FrameStreamOptions, type VideoInput } from '../video/frames.js';
export { PristineVideo, type PristineOptions, type PristineSource } from '../video/pristine.js';
export { encodeVideo, type VideoEncodeOptions } from '../video/encode.js';
export { videoCodecs, getVideoCodec } from '../video/registry.js';
export { videoCodecAvailability, listVideoCodecAvailability, encoderFor, type VideoCodecAvailability } from '../video/availability.js';
export { encoderVersion } from '../video/encoder-version.js';
export { liveFfmpegPids, DEFAULT_STALL_TIMEOUT_MS } from '../video/process.js';
export type { VideoCodec, VideoEncodeResult, RateControl, BitstreamFormat, DecodedFrameHandler } from '../video/codec.js';
export { farnebackFlow, farnebackGray, FARNEBACK_DEFAULTS, type FarnebackOptions } from '../video/flow/farneback.js';
export { type FlowField } from '../video/flow/flow-field.js';
export { rgbDifference } from '../video/flow/rgb-diff.js';
export { motionStack, toChannelsFirst, type MotionKind, type MotionStack, type MotionStackOptions } from '../video/flow/stack.js';
