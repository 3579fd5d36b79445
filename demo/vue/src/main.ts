import 'bc-customer-elements/define';
import { createApp } from 'vue';
import App from './app.vue';
import '../../shared/demo-app.css';

createApp(App).mount('#app');
