// 大屏 (/screen) reconnects by itself: nobody is there to press "retry". Blazor retries a dropped connection on
// its own; when it gives up ("failed") this keeps retrying every few seconds, and as soon as the server answers
// but no longer knows the circuit ("rejected", e.g. after a restart) the page is reloaded to start a new one.
(() => {
    if (window.__screenReconnect) return;
    window.__screenReconnect = true;
    const pause = ms => new Promise(resolve => setTimeout(resolve, ms));
    let recovering = false;

    async function serverAnswers() {
        try {
            const response = await fetch('healthz', { cache: 'no-store' });
            return response.ok;
        } catch {
            return false;
        }
    }

    async function recover() {
        if (recovering) return;
        recovering = true;
        for (;;) {
            await pause(5000);
            try {
                if (await window.Blazor.reconnect()) {
                    recovering = false;
                    return;
                }
                location.reload();
                return;
            } catch {
                // The server did not answer the reconnect; reload once it answers plain HTTP again.
                if (await serverAnswers()) {
                    location.reload();
                    return;
                }
            }
        }
    }

    function onState(state) {
        if (state === 'rejected') location.reload();
        else if (state === 'failed') recover();
    }

    // Capturing on document: the modal element is re-created when the page becomes interactive.
    document.addEventListener('components-reconnect-state-changed', e => onState(e.detail && e.detail.state), true);

    // Belt and braces for the class-only protocol of the reconnect element.
    setInterval(() => {
        const modal = document.getElementById('components-reconnect-modal');
        if (!modal) return;
        if (modal.classList.contains('components-reconnect-rejected')) onState('rejected');
        else if (modal.classList.contains('components-reconnect-failed')) onState('failed');
    }, 5000);
})();
