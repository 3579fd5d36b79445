import 'bc-customer-elements/define';
import { mount } from 'svelte';
import App from './app.svelte';
import '../../shared/demo-app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app to mount the demo into');
mount(App, { target });
