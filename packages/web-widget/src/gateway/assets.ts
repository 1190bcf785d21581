// The status page's own files, served from the gateway so the page loads nothing from elsewhere
// and runs under a CSP with no inline script or style.

/** `/assets/status.css` */
export const statusCss = `:root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.5}
body{margin:0;padding:1rem}main{max-width:40rem;margin:0 auto}
h1{font-size:1.5rem}h2{font-size:1.2rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
form.command{border:1px solid #8886;border-radius:.5rem;padding:.75rem;margin:.75rem 0;display:grid;gap:.4rem}
label{font-weight:600}input,select,textarea,button{font:inherit;min-height:2rem;padding:.25rem .5rem}
button{min-height:2.5rem;cursor:pointer}
:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
.problem{color:#b00020;font-weight:600}.done{color:#0b6b2b;font-weight:600}.hint{margin:0;font-size:.9em}
@media (prefers-color-scheme:dark){.problem{color:#ff8a80}.done{color:#81c995}}
`;

/**
 * `/assets/status-page.js`: follows the live updates when JavaScript runs. The place and the wait
 * change in place; any other change reloads the page (its forms follow the new state), unless a
 * form is on its way (its answer page comes next). Without it
 * the page is complete; "Refresh" shows the news.
 */
export const statusPageScript = `(()=>{const s=document.getElementById('status');if(!s||!('WebSocket'in window))return;
const m=location.pathname.match(/^\\/c\\/([A-Za-z0-9_-]{22,64})$/);if(!m)return;
const min=(x)=>Math.max(0,Math.round(x/60));let delay=1e3,sending=false;document.addEventListener('submit',()=>{sending=true});
const open=()=>{const w=new WebSocket((location.protocol==='https:'?'wss://':'ws://')+location.host+'/api/contacts/'+m[1]+'/live');
w.onmessage=(e)=>{let f;try{f=JSON.parse(e.data)}catch{return}if(!f||f.type!=='status'||!f.status)return;delay=1e3;const st=f.status;
if(st.state!==s.dataset.state){if(!sending)location.reload();return}
const p=document.getElementById('position');if(p&&st.position!==undefined)p.textContent=String(st.position);
const w2=document.getElementById('wait');if(w2&&st.expectedWait){const a=min(st.expectedWait.seconds);w2.firstChild.textContent=(a<1?'less than a minute':'about '+a+' minute'+(a===1?'':'s'))+' ('+min(st.expectedWait.low)+'\\u2013'+Math.max(1,min(st.expectedWait.high))+' min) '}};
w.onclose=(e)=>{if(e.code===4404||e.code===1008)return;setTimeout(open,delay);delay=Math.min(delay*2,3e4)}};open()})();
`;
