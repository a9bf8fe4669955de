import { EMBED_IFRAME_ALLOW } from '../../shared/api/embedding.ts';

/**
 * `/embed.js`: puts a meeting into another site's page, in an iframe allowed camera, microphone and
 * screen capture. Declarative, `<div data-meeting-room="https://meet.example.com/m/<id>?invite=…"></div>`,
 * or `MeetingRoom.embed(element, url)`. Only links to this server are framed; the meeting's page
 * itself refuses origins its owner did not list (frame-ancestors). Plain ES2017, no build.
 */
export const EMBED_SCRIPT = `(function () {
  'use strict';
  var script = document.currentScript;
  var server = script ? new URL(script.src).origin : null;
  function embed(target, link, options) {
    var element = typeof target === 'string' ? document.querySelector(target) : target;
    if (!element) throw new Error('MeetingRoom.embed: no element ' + target);
    var url = new URL(link, server || undefined);
    if (server && url.origin !== server) throw new Error('MeetingRoom.embed: ' + url.origin + ' is not ' + server);
    if (!/^\\/m\\/[^/]+$/.test(url.pathname)) throw new Error('MeetingRoom.embed: not a meeting link: ' + link);
    var iframe = document.createElement('iframe');
    iframe.src = url.href;
    iframe.allow = ${JSON.stringify(EMBED_IFRAME_ALLOW)};
    iframe.allowFullscreen = true;
    iframe.title = (options && options.title) || 'Meeting';
    iframe.style.border = '0';
    iframe.style.width = (options && options.width) || '100%';
    iframe.style.height = (options && options.height) || '600px';
    element.appendChild(iframe);
    return iframe;
  }
  window.MeetingRoom = { embed: embed };
  var found = document.querySelectorAll('[data-meeting-room]');
  for (var i = 0; i < found.length; i++) embed(found[i], found[i].getAttribute('data-meeting-room'));
})();
`;
