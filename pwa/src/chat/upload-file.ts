import { errorText } from '../api/error-text.ts';
import { t } from '../i18n/i18n.ts';
import * as v from 'valibot';
import { UploadResponseSchema, type ChatMessage } from '../../../shared/api/chat.ts';
import { ApiErrorBodySchema } from '../../../shared/api/errors.ts';

/**
 * Uploads one file as the request body (XHR, for upload progress). Resolves with the
 * chat message the server made of it; rejects with a sentence saying why.
 */
export function uploadFile(
  url: string,
  file: Blob,
  headers: Record<string, string>,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<ChatMessage> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new Error(t('chat.upload.lost')));
    xhr.onabort = () => reject(new Error(t('chat.upload.cancelled')));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201) {
        const parsed = v.safeParse(UploadResponseSchema, body);
        if (parsed.success) return resolve(parsed.output.message);
        return reject(new Error(t('errors.bad_response')));
      }
      const error = v.safeParse(ApiErrorBodySchema, body);
      reject(
        new Error(
          error.success ? errorText(error.output.error.code, error.output.error.message) : t('errors.http', { status: String(xhr.status) }),
        ),
      );
    };
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
