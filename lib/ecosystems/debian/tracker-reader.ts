import { type ParsedTokenInfo, Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import { InvalidInputError } from '../../errors.ts';
import { type TrackerEntry, trackerIssue } from './tracker.ts';

/**
 * Streams the tracker's issues, one (package, id) at a time, never holding the whole document
 * (about 70 MB upstream): only the issue being read is kept. A truncated document, bad JSON or a
 * malformed issue throws InvalidInputError naming `source` and the byte where it went wrong.
 */
export async function* readTracker(
  chunks: AsyncIterable<Uint8Array>,
  source: string,
): AsyncGenerator<TrackerEntry> {
  const reader = trackerReader(`debian tracker feed ${source}`);
  for await (const chunk of chunks) {
    reader.write(chunk);
    yield* reader.take();
  }
  reader.end();
  yield* reader.take();
}

type TrackerReader = {
  write(chunk: Uint8Array): void;
  end(): void;
  /** The issues read so far and not yet taken. */
  take(): TrackerEntry[];
};

// The tokenizer states an absolute position in its own errors; the token parser does not, so
// the offset of the last token seen stands in for it.
const TOKENIZER_POSITION = /absolute position "(\d+)"/;

const shownToken = (token: TokenType, value: unknown): string =>
  token === TokenType.LEFT_BRACKET ? 'a list' : JSON.stringify(value);

type Shape = {
  /** Checks one token against the shape, throwing InvalidInputError where it breaks it. */
  see(info: ParsedTokenInfo): void;
  /** The package whose issues are being read. */
  readonly pkg: string;
  /** Where the issue being read starts. */
  readonly issueOffset: number;
  /** Whether the document's closing brace has been seen. */
  readonly closed: boolean;
};

/**
 * The token parser emits only issues, so the shape above them is followed token by token: the
 * document is an object of packages, and each package an object of issues.
 */
function trackShape(prefix: string): Shape {
  let depth = 0;
  let afterColon = false;
  const state = { pkg: '', issueOffset: 0, closed: false };
  const see = ({ token, value, offset }: ParsedTokenInfo): void => {
    if (depth === 0 && !state.closed && token !== TokenType.LEFT_BRACE) {
      const got = shownToken(token, value);
      throw new InvalidInputError(
        `${prefix}: malformed JSON at byte ${offset}: want an object of source packages, got ${got}`,
      );
    }
    if (depth === 1 && afterColon && token !== TokenType.LEFT_BRACE) {
      const got = shownToken(token, value);
      const pkg = JSON.stringify(state.pkg);
      throw new InvalidInputError(
        `${prefix}: malformed package ${pkg} at byte ${offset}: want an object of issues, got ${got}`,
      );
    }
    if (depth === 1 && !afterColon && token === TokenType.STRING) state.pkg = String(value);
    if (depth === 2 && afterColon) state.issueOffset = offset;
    afterColon = token === TokenType.COLON;
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) depth++;
    if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) depth--;
    if (depth === 0 && token === TokenType.RIGHT_BRACE) state.closed = true;
  };
  return {
    see,
    get pkg() {
      return state.pkg;
    },
    get issueOffset() {
      return state.issueOffset;
    },
    get closed() {
      return state.closed;
    },
  };
}

function trackerReader(prefix: string): TrackerReader {
  const tokenizer = new Tokenizer();
  // keepStack false: an issue is dropped from its package once emitted, so memory stays flat.
  const parser = new TokenParser({ paths: ['$.*.*'], keepStack: false });
  const shape = trackShape(prefix);
  const pending: TrackerEntry[] = [];
  let bytes = 0;
  let lastOffset = 0;

  tokenizer.onToken = (info) => {
    lastOffset = info.offset;
    shape.see(info);
    parser.write(info);
  };
  parser.onValue = ({ value, key }) => {
    const id = String(key);
    const at = `${JSON.stringify(shape.pkg)} ${JSON.stringify(id)} at byte ${shape.issueOffset}`;
    pending.push({ package: shape.pkg, id, issue: trackerIssue(value, `${prefix}: malformed issue ${at}`) });
  };
  const malformed = (err: unknown): unknown => {
    if (err instanceof InvalidInputError) return err;
    const message = err instanceof Error ? err.message : String(err);
    const at = TOKENIZER_POSITION.exec(message)?.[1] ?? String(lastOffset);
    return new InvalidInputError(`${prefix}: malformed JSON at byte ${at}: ${message}`, { cause: err });
  };

  return {
    write(chunk) {
      try {
        tokenizer.write(chunk);
      } catch (err) {
        throw malformed(err);
      }
      bytes += chunk.byteLength;
    },
    end() {
      try {
        tokenizer.end();
      } catch (cause) {
        throw new InvalidInputError(`${prefix}: truncated at byte ${bytes}: ${(cause as Error).message}`, {
          cause,
        });
      }
      if (!shape.closed) {
        throw new InvalidInputError(
          `${prefix}: truncated at byte ${bytes}: the document ends before its closing brace`,
        );
      }
    },
    take: () => pending.splice(0),
  };
}
