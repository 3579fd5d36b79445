// Define the elements before React renders: React 19 then passes props as properties, not attributes.
import 'bc-customer-elements/define';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import '../../shared/demo-app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root to render the demo into');
createRoot(root).render(<App />);
