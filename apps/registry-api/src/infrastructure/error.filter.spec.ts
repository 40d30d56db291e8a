import 'reflect-metadata';
import { jest } from '@jest/globals';
import {
  type ArgumentsHost,
  BadRequestException,
  HttpException,
  Logger,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { InvalidInput, RuleRefusal, UnknownResource } from '@flr/domain';
import { InvalidEventError, StreamDeletedError, WrongExpectedVersionError } from '@flr/event-store';
import { ErrorFilter } from './error.filter';

/** A response that records what the filter answered, whichever HTTP adapter style it uses. */
class RecordingResponse {
  answer: { status: number; body: unknown } | null = null;
  private code = 200;
  constructor(readonly headersSent = false) {}
  get sent(): boolean {
    return this.headersSent;
  }
  get raw(): { headersSent: boolean } {
    return { headersSent: this.headersSent };
  }
  status(code: number): this {
    this.code = code;
    return this;
  }
  json(body: unknown): void {
    this.answer = { status: this.code, body };
  }
}

let filter: ErrorFilter;

beforeAll(async () => {
  // Nest builds the filter (with whatever it injects); replies go to the recording response.
  const httpAdapter = {
    reply: (response: RecordingResponse, body: unknown, status: number) => response.status(status).json(body),
  };
  const moduleRef = await Test.createTestingModule({
    providers: [ErrorFilter, { provide: HttpAdapterHost, useValue: { httpAdapter } }],
  }).compile();
  filter = moduleRef.get(ErrorFilter);
});

function answerTo(error: unknown, response = new RecordingResponse()) {
  const host = {
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({}), getNext: () => undefined }),
  } as unknown as ArgumentsHost;
  filter.catch(error, host);
  return response.answer;
}

describe('the error filter: typed outcomes become the answers of API.md', () => {
  it('invalid input: 400 with its code and field errors', () => {
    const error = new InvalidInput('INVALID_NIN', [{ field: 'nin', message: 'check digits do not match' }]);
    expect(answerTo(error)).toEqual({
      status: 400,
      body: {
        code: 'INVALID_NIN',
        message: 'patientNin er ugyldig',
        errors: [{ field: 'nin', message: 'check digits do not match' }],
      },
    });
  });

  it('invalid input names each field error once, in the order first given', () => {
    const twice = { field: 'parents[0]', message: 'must be exactly 11 digits' };
    const other = { field: 'parents', message: 'parents must name two different persons' };
    const error = new InvalidInput('INVALID_INPUT', [twice, other, { ...twice }, other]);
    expect(answerTo(error)).toEqual({ status: 400, body: { code: 'INVALID_INPUT', errors: [twice, other] } });
  });

  it('unknown resource: 404 with its code and message', () => {
    expect(answerTo(new UnknownResource('UNKNOWN_CONTRACT', 'No such contract'))).toEqual({
      status: 404,
      body: { code: 'UNKNOWN_CONTRACT', message: 'No such contract' },
    });
  });

  it('rule refusal: 409 with code, rule, message and the refusal’s details', () => {
    const error = new RuleRefusal('NO_CAPACITY', 'R19', 'The list has no free place', {
      waitingListAvailable: true,
    });
    expect(answerTo(error)).toEqual({
      status: 409,
      body: {
        code: 'NO_CAPACITY',
        rule: 'R19',
        message: 'The list has no free place',
        waitingListAvailable: true,
      },
    });
    expect(answerTo(new RuleRefusal('NOT_AUTHORISED', 'R12', 'From 16 alone'))).toEqual({
      status: 409,
      body: { code: 'NOT_AUTHORISED', rule: 'R12', message: 'From 16 alone' },
    });
  });

  it('a concurrent change of the record: 412 REVISION_MISMATCH, without the stream name', () => {
    const answer = answerTo(new WrongExpectedVersionError('person-123', 4n, 5n));
    expect(answer).toEqual({
      status: 412,
      body: { code: 'REVISION_MISMATCH', message: 'The record changed concurrently; retry the command' },
    });
    expect(JSON.stringify(answer)).not.toContain('person-123');
  });

  it('a deleted stream: 409 STREAM_DELETED', () => {
    expect(answerTo(new StreamDeletedError('contract-9'))).toEqual({
      status: 409,
      body: { code: 'STREAM_DELETED', message: 'Stream contract-9 is deleted' },
    });
  });

  it('an event the store refuses: 400 INVALID_INPUT on the field event', () => {
    expect(answerTo(new InvalidEventError('invalid-data', 'data must be an object'))).toEqual({
      status: 400,
      body: {
        code: 'INVALID_INPUT',
        errors: [{ field: 'event', message: 'Invalid event (invalid-data): data must be an object' }],
      },
    });
  });
});

describe('the error filter: HTTP exceptions', () => {
  it('passes an answer that already has a code through unchanged', () => {
    const error = new UnauthorizedException({
      code: 'UNAUTHENTICATED',
      message: 'A bearer token is required',
    });
    expect(answerTo(error)).toEqual({
      status: 401,
      body: { code: 'UNAUTHENTICATED', message: 'A bearer token is required' },
    });
  });

  it('a 400 without a code becomes INVALID_INPUT with the messages as one body error', () => {
    const error = new BadRequestException(['maxPatients must be an integer', 'validFrom is required']);
    expect(answerTo(error)).toEqual({
      status: 400,
      body: {
        code: 'INVALID_INPUT',
        errors: [{ field: 'body', message: 'maxPatients must be an integer; validFrom is required' }],
      },
    });
  });

  it('other statuses get their code from the table, and ERROR when the table has none', () => {
    expect(answerTo(new NotFoundException('Cannot GET /v1/nothing'))).toEqual({
      status: 404,
      body: { code: 'NOT_FOUND', message: 'Cannot GET /v1/nothing' },
    });
    expect(answerTo(new HttpException('No coffee here', 418))).toEqual({
      status: 418,
      body: { code: 'ERROR', message: 'No coffee here' },
    });
  });
});

describe('the error filter: everything else', () => {
  it('an unexpected error: 500 INTERNAL without its message, which goes to the log', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const answer = answerTo(new TypeError('cannot read properties of undefined (secret detail)'));
      expect(answer).toEqual({ status: 500, body: { code: 'INTERNAL', message: 'Internal error' } });
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('secret detail'));
    } finally {
      logged.mockRestore();
    }
  });

  it('writes nothing once the answer’s headers are out (a failing stream)', () => {
    expect(answerTo(new UnknownResource('NO_GP'), new RecordingResponse(true))).toBeNull();
  });
});
