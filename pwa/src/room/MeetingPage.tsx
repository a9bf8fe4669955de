import { t, tParts } from '../i18n/i18n.ts';
import { untracked, useComputed, useSignal, useSignalEffect } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { MeetingPublicInfoSchema, MeetingVisitSchema, type MeetingPublicInfo } from '../../../shared/api/invites.ts';
import { INVITE_HEADER } from '../../../shared/api/access-headers.ts';
import { apiRequest, type ApiClientError } from '../api/api-client.ts';
import { ConnectionProblem } from '../app/ConnectionProblem.tsx';
import { createRetryingLoad } from '../app/create-retrying-load.ts';
import { stopDrawing } from '../app/stop-drawing.ts';
import { installShortcuts } from '../call/keyboard-shortcuts.ts';
import { loadRejoinTicket } from '../call/rejoin-store.ts';
import { sendRejoinEarly } from '../call/early-rejoin.ts';
import { PreJoin, readStoredName } from '../prejoin/PreJoin.tsx';
import { sendEarly, takeEarly } from '../call/early-requests.ts';
import { takeVisitInPage } from './visit-in-page.ts';
import { meetingAccessHeaders, meetingInfoKey, meetingInfoPath, meetingVisitKey, meetingVisitPath } from './meeting-access.ts';
import { type CallCore, createCallCore, createCallSession } from './call-session.ts';
import type { Connectivity } from '../app/connectivity.ts';
import type { ServiceWorkerState } from '../app/service-worker.ts';
import { Notice } from '../ui/Notice.tsx';
import { CallPageView } from './CallPageView.tsx';
import { MeetingEndedNotice, MeetingLockedNotice } from './outcome-notices.ts';
import { callPage } from './call-page.ts';
import { useKeptPreJoin } from './use-kept-prejoin.ts';
import { ErrorCode } from '../../../shared/api/errors.ts';
import { useLater } from '../ui/use-later.ts';

/** The pre-join page's media check starts this long after the page. */
const CHECK_DELAY_MS = 1500;
/** On a meeting page the service worker installs after the call is up, or after this long on the pre-join page. */
const SW_DELAY_MS = 10_000;

/** /m/:id — checks access, then pre-join, the room, or the left screen. */
export function MeetingPage({
  meetingId,
  invite,
  connectivity,
  sw,
}: {
  meetingId: string;
  invite: string | null;
  connectivity: Connectivity;
  sw: ServiceWorkerState;
}) {
  // The visit's answer, when the page's HTML carried it (a first visit the server could answer
  // there): no request, and the sockets open with its reservation in this first render's task. A
  // reload rejoins as who it was: the element is taken out all the same, its place left to end.
  const [visitInPage] = useState(() => {
    const carried = takeVisitInPage(meetingId);
    return loadRejoinTicket(meetingId) ? null : carried;
  });
  const [accessHeaders] = useState(() => {
    const headers = meetingAccessHeaders(meetingId, invite);
    // The meeting's info, and a reload's rejoin, go out now (the first render), not after the first
    // paint; the load below and the call's join take their answers (call/early-requests.ts).
    sendRejoinEarly(meetingId, headers);
    if (loadRejoinTicket(meetingId))
      sendEarly(meetingInfoKey(meetingId), meetingInfoPath(meetingId), { headers, credentials: 'same-origin' });
    else if (!visitInPage)
      sendEarly(meetingVisitKey(meetingId), meetingVisitPath(meetingId), { method: 'POST', headers, credentials: 'same-origin' });
    return headers;
  });
  // ... and the call itself starts now, not once the info is in and the page drawn. A reload: the
  // room channel and PeerJS open at once as the participant its ticket names, beside the rejoin;
  // the camera joins when it is ready. A first visit: the server holds a place for the page (a reservation: nobody sees it)
  // and the call's sockets open with it, so that after the click only the join request stands
  // between the guest and the call. A guest who must wait for the host gets no reservation.
  const [core] = useState((): EarlyCall => {
    const ticket = loadRejoinTicket(meetingId);
    const made = createCallCore(meetingId, accessHeaders);
    if (!ticket) return { ...made, started: null };
    made.media.setAudioMuted(ticket.audioMuted === true);
    made.media.setVideoMuted(ticket.videoMuted === true);
    void made.call.join(ticket.name);
    return { ...made, started: made.media.start() };
  });
  // No answer (offline, or the server is down or restarting): it keeps trying until the server answers.
  const [load] = useState(() => {
    const made = createRetryingLoad<MeetingPublicInfo, ApiClientError>(
      // The first attempt takes the answer to the request sent at the first render: a first visit's
      // carries a reservation when the page could walk straight in, and the call opens its sockets with it.
      () => {
        // The answer the page's HTML carried: no request, and the sockets open now.
        if (visitInPage) {
          if (visitInPage.reservation) core.call.prepare(visitInPage.reservation);
          return Promise.resolve(visitInPage.info);
        }
        const visit = takeEarly(meetingVisitKey(meetingId));
        if (visit)
          return apiRequest('POST', meetingVisitPath(meetingId), MeetingVisitSchema, { headers: accessHeaders, fetch: visit }).then(
            ({ info, reservation }) => {
              // A page that may walk straight in opens its sockets (call.prepare). Its camera starts
              // with the pre-join page: started here, it held the click up (docs/benchmarks.md).
              if (reservation) core.call.prepare(reservation);
              return info;
            },
          );
        return apiRequest('GET', meetingInfoPath(meetingId), MeetingPublicInfoSchema, {
          headers: accessHeaders,
          fetch: takeEarly(meetingInfoKey(meetingId)) ?? undefined,
        });
      },
      { isUnreachable: (e) => e.status === 0 },
    );
    // Started now, not in an effect after the first paint: an answer the page's HTML carried is in
    // hand, and the sockets open with its reservation in this first render's task.
    made.start();
    return made;
  });
  // A page that rejoined early and then finds it cannot enter (the meeting ended, the invitation
  // was withdrawn) lets the call and the camera go; otherwise CallView's session owns them.
  const state = load.state.value.state;
  const cannotEnter = state === 'failed' || (state === 'ready' && load.state.value.value.closed === 'ended');
  useEffect(() => {
    if (cannotEnter) disposeCore(core);
  }, [cannotEnter]);
  useEffect(() => () => disposeCore(core), []);
  useEffect(() => load.dispose, []);
  // Getting into a call: the service worker's install waits (CallView says when the call is up).
  useState(() => sw.setBusy(true));

  const current = load.state.value;
  const entering =
    current.state === 'loading' ||
    (current.state === 'ready' && current.value.closed !== 'ended' && !(current.value.closed === 'locked' && !loadRejoinTicket(meetingId)));
  useEffect(() => {
    if (!entering) sw.setBusy(false);
  }, [entering]);
  if (current.state === 'loading') return <Notice title={t('meeting.opening')} pending />;
  if (current.state === 'unreachable') return <ConnectionProblem offline={!connectivity.online.value} load={load} />;
  if (current.state === 'failed') return <AccessError error={current.error} hasInvite={INVITE_HEADER in accessHeaders} />;
  // Ended or locked: nothing starts (no camera) for a guest who cannot enter; someone already in (a reload) goes on.
  const info = current.value;
  if (info.closed === 'ended') return <MeetingEndedNotice isHost={false} />;
  if (info.closed === 'locked' && !loadRejoinTicket(meetingId)) return <MeetingLockedNotice />;
  return <CallView info={info} accessHeaders={accessHeaders} sw={sw} core={core} />;
}

/** The call and media made as the page opens, and the camera's start a reload set under way. */
type EarlyCall = CallCore & { started: Promise<void> | null };

function disposeCore({ call, media }: CallCore) {
  call.dispose();
  media.stop();
}

function AccessError({ error, hasInvite }: { error: ApiClientError; hasInvite: boolean }) {
  const { status, code, message } = error;
  // A one-time join link another browser holds, or whose time is over: what to do is in the sentence.
  if (code === ErrorCode.JoinLinkUsed) return <Notice title={t('errors.join_link_used')} tone="error" />;
  if (code === ErrorCode.JoinLinkExpired) return <Notice title={t('errors.join_link_expired')} tone="error" />;
  if (status === 404) {
    return (
      <Notice title={t('meeting.notFound')} tone="error">
        <p>{t('meeting.notFoundText')}</p>
      </Notice>
    );
  }
  if (status === 403) {
    return (
      <Notice title={hasInvite ? t('meeting.inviteInvalid') : t('meeting.inviteNeeded')} tone="error">
        <p>{hasInvite ? t('meeting.inviteInvalidText') : t('meeting.inviteNeededText')}</p>
        <p class="muted">{tParts('meeting.hostHint', { signIn: <a href="/signin">{t('auth.signIn')}</a> })}</p>
      </Notice>
    );
  }
  return (
    <Notice title={t('meeting.cannotOpen')} tone="error">
      <p>{message}</p>
    </Notice>
  );
}

function CallView({
  info,
  accessHeaders,
  sw,
  core,
}: {
  info: MeetingPublicInfo;
  accessHeaders: Record<string, string>;
  sw: ServiceWorkerState;
  /** The call and media made as the page opened (MeetingPage). */
  core: EarlyCall;
}) {
  const name = useSignal(info.isHost ? info.hostName : (info.guestName ?? readStoredName()));
  const [session] = useState(() => createCallSession(info, accessHeaders, () => name.value, core));
  // The session is made in one task and the page drawn in the next: together they were the
  // pre-join page's longest script task after its first paint.
  const drawn = useLater();
  const { media, call, lobby } = session;
  // A reload of a page that was in this call rejoins straight away, without the pre-join page or the check.
  const [rejoining] = useState(() => loadRejoinTicket(info.id) !== null);
  useEffect(() => {
    const ticket = loadRejoinTicket(info.id);
    // An early rejoin started the camera already: the device list waits for that start.
    void (core.started ?? media.start()).then(() => session.devices.refresh());
    // The media check starts a moment after the page (nobody reads it sooner), so a guest who
    // presses Join at once does not have it competing with the join; then it waits for the call.
    const checkTimer = ticket ? null : setTimeout(() => void session.check.run(), CHECK_DELAY_MS);
    const stopShortcuts = installShortcuts(window, { toggleAudio: call.toggleAudio, toggleVideo: call.toggleVideo });
    // Going away: nothing is drawn again and the connections close (a reload waits for this task);
    // a page kept for back and forward (it may be shown again) ends its call properly.
    const onPageHide = (event: PageTransitionEvent) => {
      if (event.persisted) return call.dispose();
      stopDrawing();
      call.unload();
    };
    window.addEventListener('pagehide', onPageHide);
    return () => {
      if (checkTimer) clearTimeout(checkTimer);
      stopShortcuts();
      window.removeEventListener('pagehide', onPageHide);
      session.dispose();
    };
  }, []);

  // Read through signal effects and one computed page, not in the render: the click's change of
  // status (idle → joining) is no change of page, and re-drew the whole pre-join page in the
  // click's own task (its longest on a busy machine, docs/benchmarks.md).
  useSignalEffect(() => {
    const status = call.status.value;
    sw.setInCall(status === 'in-call' || status === 'joining');
  });
  // The service worker installs (precaching the shell) once the call is up, or once a guest has
  // stayed on the pre-join page a while; never during the join.
  const fresh = useSignal(true);
  useEffect(() => {
    const timer = setTimeout(() => (fresh.value = false), SW_DELAY_MS);
    return () => clearTimeout(timer);
  }, []);
  useSignalEffect(() => {
    const status = call.status.value;
    sw.setBusy(session.joinPhase.settling.value || (fresh.value && (status === 'idle' || status === 'joining')));
  });
  // Turned away or the call is over: the camera and microphone go off too.
  useSignalEffect(() => {
    const status = call.status.value;
    const outcome = lobby.status.value;
    if (status === 'ended' || status === 'removed' || outcome === 'declined' || outcome === 'elsewhere') untracked(() => media.stop());
  });
  useEffect(
    () => () => {
      sw.setInCall(false);
      sw.setBusy(false);
    },
    [],
  );

  // In the call, the room is drawn once our first calls are under way (room/join-phase.ts): until then the join goes on showing.
  const pageNow = useComputed(() => callPage(call.status.value, session.joinPhase.drawRoom.value, lobby.status.value, rejoining));
  const page = pageNow.value;
  const preJoinLeft = useComputed(() => pageNow.value !== 'pre-join');
  const keepPreJoin = useKeptPreJoin(page, session.joinPhase.gettingIn);
  if (!drawn) return <Notice title={t('meeting.opening')} pending />;
  // Two places, so that the pre-join page kept (hidden) beside the room is the same one, not drawn again.
  return (
    <>
      {(page === 'pre-join' || keepPreJoin) && <PreJoin session={session} name={name} hidden={preJoinLeft} />}
      {page !== 'pre-join' && <CallPageView page={page} session={session} info={info} />}
    </>
  );
}
