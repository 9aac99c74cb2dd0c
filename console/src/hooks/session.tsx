// Who is logged in: the session tokens and /me, shared by the whole console.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, hasSession, onSessionChange, setSession, unwrap } from '../api/client';
import { useMe, type Me, type Role } from './api';

interface Session {
  me: Me | undefined;
  loading: boolean;
  loggedIn: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  can: (...roles: Role[]) => boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [loggedIn, setLoggedIn] = useState(hasSession());
  useEffect(() => onSessionChange(() => setLoggedIn(hasSession())), []);
  const me = useMe(loggedIn);
  const value: Session = {
    me: loggedIn ? me.data : undefined,
    loading: loggedIn && me.isLoading,
    loggedIn,
    async login(username, password) {
      const pair = await unwrap(api.POST('/api/v1/auth/login', { body: { username, password } }));
      setSession({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      await qc.invalidateQueries();
    },
    async logout() {
      await api.POST('/api/v1/auth/logout').catch(() => undefined);
      setSession(null);
      qc.clear();
    },
    can: (...roles) => !!me.data?.roles.some((r) => roles.includes(r)),
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
