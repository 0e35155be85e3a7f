import { useState } from 'preact/hooks';
import { HttpError, pairDevice } from '../lib/api.ts';
import type { Pairing } from '../lib/storage.ts';

/** Staff pair the tablet once: the code from the dashboard or the server's console, a name, a staff PIN. */
export function PairingScreen({ initialCode, onPaired }: { initialCode: string; onPaired: (p: Pairing) => void }) {
  const [code, setCode] = useState(initialCode);
  const [name, setName] = useState('Kiosk');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!/^\d{4,8}$/.test(pin)) {
      setError('The staff PIN is 4 to 8 digits. / 员工密码为 4 到 8 位数字。');
      return;
    }
    setBusy(true);
    try {
      const r = await pairDevice(code.trim(), name.trim() || 'Kiosk');
      onPaired({ deviceId: r.deviceId, token: r.token, name: name.trim() || 'Kiosk', showroom: r.showroom, pin, defaultLocale: 'zh-CN', pairedAt: new Date().toISOString() });
    } catch (err) {
      setError(err instanceof HttpError ? err.message : 'The server cannot be reached. Check the Wi-Fi. / 无法连接服务器，请检查网络。');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="pairing" aria-labelledby="pairing-title">
      <h1 id="pairing-title">Pair this tablet · 配对平板</h1>
      <form onSubmit={submit}>
        <label>
          <span>Pairing code · 配对码</span>
          <input name="code" value={code} autocomplete="off" autocapitalize="characters" spellcheck={false} required onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          <span>Tablet name · 平板名称</span>
          <input name="name" value={name} maxLength={60} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          <span>Staff PIN (4–8 digits) · 员工密码</span>
          <input name="pin" type="password" inputMode="numeric" value={pin} autocomplete="new-password" onInput={(e) => setPin((e.currentTarget as HTMLInputElement).value)} />
        </label>
        {error ? <p class="form-error" role="alert">{error}</p> : null}
        <button type="submit" class="nav-button primary" disabled={busy}>
          Pair · 配对
        </button>
      </form>
    </section>
  );
}
