"""kidsafe.conversation"""
