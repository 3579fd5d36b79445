// As the README tells a Vue app: the bc-* tags typed in templates (GlobalComponents).
import 'bc-customer-elements/vue';
