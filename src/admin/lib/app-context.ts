import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ShowroomOption } from '../components/FilterBar.tsx';
import type { Route } from './router.ts';
import type { Catalog, Me, Permission, ShowroomName, ShowroomView } from './types.ts';

export interface AppCtx {
  me: Me;
  can: (p: Permission) => boolean;
  route: Route;
  /** Showrooms the user may see (null until loaded, or when the role may not list them). */
  showrooms: ShowroomView[] | null;
  /** Reloads the showrooms and their names (after a change on the Showrooms page). */
  reloadShowrooms: () => void;
  /** Ids and names of the showrooms the user may see (every role; null until loaded). */
  showroomNames: ShowroomName[] | null;
  /** The draft catalog: car models with parts and pairs, and the activity versions. */
  catalog: Catalog | null;
  reloadCatalog: () => void;
  /** Showroom choices for filters; null when there is nothing to choose (one showroom, or none visible). */
  showroomOptions: ShowroomOption[] | null;
}

export const AppContext = createContext<AppCtx | null>(null);

export function useApp(): AppCtx {
  const c = useContext(AppContext);
  if (!c) throw new Error('useApp outside the signed-in app');
  return c;
}
