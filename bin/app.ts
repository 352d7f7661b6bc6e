#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addLakelineStacks } from '../lib/lakeline-app';

const app = new App();
addLakelineStacks(app);
app.synth();
