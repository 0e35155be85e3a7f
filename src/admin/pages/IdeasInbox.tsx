/** The ideas inbox page: the ideas themselves, or (view=themes) what they are about. */
import { useApp } from '../lib/app-context.ts';
import Ideas from './Ideas.tsx';
import Themes from './Themes.tsx';

export default function IdeasInbox() {
  const { route } = useApp();
  return route.params.get('view') === 'themes' ? <Themes /> : <Ideas />;
}
