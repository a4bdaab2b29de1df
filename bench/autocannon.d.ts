// The part of autocannon's API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface Options {
    url: string;
    method?: string;
    connections?: number;
    pipelining?: number;
    duration?: number;
    headers?: Record<string, string>;
    body?: string;
    /** Replaces every `[<id>]` in the request (headers included) with an id unique to each request. */
    idReplacement?: boolean;
  }
  interface Histogram {
    mean: number;
    p50: number;
    p99: number;
  }
  interface Result {
    '2xx': number;
    non2xx: number;
    errors: number;
    timeouts: number;
    latency: Histogram;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
