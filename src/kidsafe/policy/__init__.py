"""kidsafe.policy"""
